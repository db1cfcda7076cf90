"""Write the bundled board snapshots in ``jobintel_core/data/snapshots/`` (run from the repo root).

The payloads are invented but shaped exactly like the real Greenhouse, Lever and Ashby APIs (see
``docs/providers.md#which-payload-field-feeds-which-column``), with the mess real boards have: entity-escaped HTML, ``&nbsp;``, unicode,
stray whitespace, missing optional fields, tracking parameters, unlisted postings.

The day-by-day plan is explicit (``EVENTS``) because the history tests state the expected sets
from it. Output is deterministic: running this twice writes identical bytes.
"""

from __future__ import annotations

import json
import random
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

OUT = Path("jobintel_core/data/snapshots")
DAYS = [date(2026, 11, 17), date(2026, 11, 18), date(2026, 11, 19), date(2026, 11, 20)]
BASE_JOBS = 26

# Per company, by base-job index: the same plan everywhere so the expected sets are easy to state.
#   absent:  days (0-based) on which the job is not on the board
#   changes: day -> kind of edit that starts that day
EVENTS: dict[int, dict] = {
    3: {"changes": {1: "description"}},  # edited on day 2
    4: {"changes": {3: "cosmetic"}},  # only whitespace/markup churn on day 4: not a change
    5: {"absent": {1}},  # flaps: gone one day, back the next (grace period keeps it open)
    6: {"absent": {1, 2}},  # gone two days (closed on day 3), back on day 4 (reopened)
    7: {"absent": {2, 3}},  # gone for good from day 3 (closed on day 4)
    13: {"changes": {2: "pay_or_location"}},  # salary (lever/ashby) or location (greenhouse) edit
}
NEW_ON_DAY = {BASE_JOBS: 1, BASE_JOBS + 1: 1, BASE_JOBS + 2: 2, BASE_JOBS + 3: 3}


@dataclass(frozen=True)
class Company:
    key: str
    name: str
    ats: str
    board: str
    domain: str
    seed: int
    currency: str
    cities: tuple[str, ...]


COMPANIES = [
    Company(
        "northwind",
        "Northwind Analytics",
        "greenhouse",
        "northwind",
        "northwind.example",
        11,
        "USD",
        ("New York, NY", "Austin, TX", "Remote - US", "Toronto, ON"),
    ),
    Company(
        "helio-labs",
        "Helio Labs",
        "greenhouse",
        "heliolabs",
        "heliolabs.example",
        12,
        "EUR",
        ("Berlin, Germany", "München, Deutschland", "Remote (EU)", "Amsterdam, NL"),
    ),
    Company(
        "quanta-robotics",
        "Quanta Robotics",
        "lever",
        "quanta",
        "quanta.example",
        21,
        "USD",
        ("Boston, MA", "Pittsburgh, PA", "Remote", "San Francisco, CA"),
    ),
    Company(
        "bluefin-health",
        "Bluefin Health",
        "lever",
        "bluefinhealth",
        "bluefin.example",
        22,
        "GBP",
        ("London, UK", "Manchester, UK", "Remote - UK", "Dublin, Ireland"),
    ),
    Company(
        "lumen-ai",
        "Lumen AI",
        "ashby",
        "lumen",
        "lumen.example",
        31,
        "USD",
        ("San Francisco, CA", "Seattle, WA", "Remote", "São Paulo, Brazil"),
    ),
    Company(
        "tidal-energy",
        "Tidal Energy",
        "ashby",
        "tidalenergy",
        "tidal.example",
        32,
        "EUR",
        ("Zürich, Switzerland", "Oslo, Norway", "Copenhagen, Denmark", "Remote"),
    ),
]

# (title, department, team, duties, requirements, salary band in thousands)
ROLES = [
    (
        "Senior Data Engineer",
        "Engineering",
        "Data Platform",
        [
            "Design and run batch and streaming pipelines",
            "Own our Dagster and dbt code base",
            "Partner with analysts on data models",
        ],
        [
            "5+ years building data pipelines in Python & SQL",
            "Experience with Spark or DuckDB",
            "Comfort with AWS (S3, IAM) and Terraform",
        ],
        (150, 190),
    ),
    (
        "Machine Learning Engineer",
        "Engineering",
        "ML Platform",
        [
            "Train and ship ranking models",
            "Build feature pipelines and evaluation tooling",
            "Monitor model quality in production",
        ],
        [
            "Strong Python and PyTorch",
            "Experience with embeddings and vector search",
            "Solid understanding of statistics",
        ],
        (160, 210),
    ),
    (
        "Backend Engineer, Payments",
        "Engineering",
        "Payments",
        [
            "Build reliable payment flows",
            "Integrate with card networks and PSPs",
            "Improve idempotency and reconciliation",
        ],
        ["3+ years with Go or Java", "PostgreSQL at scale", "Experience with distributed systems"],
        (130, 170),
    ),
    (
        "Backend Engineer, Search",
        "Engineering",
        "Search",
        [
            "Improve relevance of our search engine",
            "Scale indexing to billions of documents",
            "Run A/B tests on ranking changes",
        ],
        [
            "3+ years with Java or Rust",
            "Elasticsearch or OpenSearch internals",
            "Information retrieval fundamentals",
        ],
        (135, 175),
    ),
    (
        "Staff Software Engineer",
        "Engineering",
        "Core Platform",
        ["Set technical direction across teams", "Lead design reviews", "Mentor senior engineers"],
        [
            "10+ years of software engineering",
            "Kubernetes and cloud infrastructure",
            "Track record of shipping large systems",
        ],
        (200, 260),
    ),
    (
        "Frontend Engineer",
        "Engineering",
        "Web",
        ["Build our React/TypeScript app", "Own the design system", "Make the product fast and accessible"],
        ["TypeScript and React", "CSS that scales", "Accessibility (WCAG 2.1)"],
        (120, 160),
    ),
    (
        "Site Reliability Engineer",
        "Engineering",
        "Infrastructure",
        [
            "Run Kubernetes clusters across regions",
            "Own observability and on-call tooling",
            "Automate everything twice",
        ],
        ["Linux, networking and Kubernetes", "Prometheus/Grafana", "Terraform or Pulumi"],
        (140, 180),
    ),
    (
        "Data Analyst",
        "Analytics",
        "Business Analytics",
        [
            "Build dashboards for leadership",
            "Answer product questions with SQL",
            "Define and maintain core metrics",
        ],
        ["Advanced SQL", "Looker or Tableau", "Clear written communication"],
        (90, 120),
    ),
    (
        "Analytics Engineer",
        "Analytics",
        "Data Modeling",
        [
            "Model our warehouse with dbt",
            "Own data quality tests",
            "Partner with finance on revenue reporting",
        ],
        ["dbt and SQL", "Dimensional modeling", "Python for tooling"],
        (110, 145),
    ),
    (
        "Product Manager, Growth",
        "Product",
        "Growth",
        ["Own the activation funnel", "Run experiments with engineering and design", "Write crisp specs"],
        ["4+ years in product management", "Data-driven decision making", "B2B SaaS experience"],
        (140, 180),
    ),
    (
        "Product Designer",
        "Design",
        "Product Design",
        [
            "Design end-to-end product experiences",
            "Run user research sessions",
            "Contribute to our design system",
        ],
        ["A portfolio of shipped work", "Figma", "Prototyping"],
        (115, 150),
    ),
    (
        "Engineering Manager, Data",
        "Engineering",
        "Data Platform",
        [
            "Lead a team of 6 data engineers",
            "Own the roadmap for the data platform",
            "Hire and grow engineers",
        ],
        ["3+ years managing engineers", "Background in data engineering", "Excellent stakeholder management"],
        (190, 240),
    ),
    (
        "Security Engineer",
        "Security",
        "Product Security",
        ["Threat-model new features", "Run our bug bounty", "Harden CI/CD and cloud accounts"],
        ["Application security experience", "Python or Go", "Cloud security (AWS/GCP)"],
        (150, 195),
    ),
    (
        "Junior Software Engineer",
        "Engineering",
        "Core Platform",
        ["Ship features with the support of a mentor", "Write tests and docs", "Learn our stack end to end"],
        ["A degree or bootcamp in CS, or equivalent experience", "Python or JavaScript", "Curiosity"],
        (80, 100),
    ),
    (
        "Customer Success Manager",
        "Customer Success",
        "Enterprise",
        ["Own a book of enterprise accounts", "Drive adoption and renewals", "Be the voice of the customer"],
        ["3+ years in customer success", "SaaS experience", "Excellent communication"],
        (85, 115),
    ),
    (
        "Account Executive",
        "Sales",
        "Mid-Market",
        ["Run full-cycle sales", "Build pipeline with SDRs", "Forecast accurately"],
        ["2+ years closing B2B SaaS deals", "Salesforce", "Consultative selling"],
        (90, 130),
    ),
    (
        "Technical Writer",
        "Engineering",
        "Developer Experience",
        ["Write API references and guides", "Own docs tooling", "Work with engineers on examples"],
        ["Excellent English writing", "Reading code (Python, TypeScript)", "Docs-as-code"],
        (95, 125),
    ),
    (
        "Data Scientist",
        "Analytics",
        "Decision Science",
        ["Build forecasting models", "Design experiments", "Explain results to executives"],
        ["Python, pandas, scikit-learn", "Causal inference", "SQL"],
        (130, 170),
    ),
    (
        "DevOps Engineer",
        "Engineering",
        "Infrastructure",
        ["Maintain CI/CD pipelines", "Automate infrastructure with Terraform", "Improve build times"],
        ["GitHub Actions or GitLab CI", "Docker and Kubernetes", "Bash and Python"],
        (120, 155),
    ),
    (
        "Platform Engineer",
        "Engineering",
        "Developer Platform",
        ["Build internal developer platform", "Own service templates", "Run golden paths"],
        ["Kubernetes operators", "Go", "Developer empathy"],
        (140, 180),
    ),
    (
        "Recruiter, Technical",
        "People",
        "Talent",
        ["Hire engineers across levels", "Partner with hiring managers", "Improve our process"],
        ["3+ years technical recruiting", "Greenhouse or Lever ATS", "Sourcing skills"],
        (80, 110),
    ),
    (
        "Finance Manager",
        "Finance",
        "FP&A",
        ["Own budgeting and forecasting", "Partner with department heads", "Close the books"],
        ["CPA or equivalent", "Excel/Sheets modeling", "SaaS metrics"],
        (120, 150),
    ),
    (
        "Research Scientist, NLP",
        "Research",
        "Language",
        [
            "Publish and productionize NLP research",
            "Fine-tune transformer models",
            "Evaluate retrieval-augmented systems",
        ],
        [
            "PhD or equivalent research experience",
            "PyTorch and Hugging Face",
            "Publications at ACL/EMNLP/NeurIPS",
        ],
        (180, 240),
    ),
    (
        "Embedded Software Engineer",
        "Hardware",
        "Firmware",
        ["Write firmware for motor controllers", "Bring up new boards", "Debug with scopes"],
        ["C and C++ on microcontrollers", "RTOS experience", "CAN bus"],
        (130, 165),
    ),
    (
        "QA Automation Engineer",
        "Engineering",
        "Quality",
        ["Build end-to-end test suites", "Own flaky-test triage", "Shift testing left"],
        ["Playwright or Cypress", "TypeScript", "CI pipelines"],
        (100, 130),
    ),
    (
        "Solutions Architect",
        "Sales",
        "Solutions",
        ["Design customer integrations", "Run technical proofs of concept", "Train partners"],
        ["APIs and cloud architecture", "Customer-facing experience", "Python or JavaScript"],
        (140, 175),
    ),
    (
        "Head of Data",
        "Analytics",
        "Leadership",
        ["Lead data engineering, analytics and data science", "Set data strategy", "Report to the CTO"],
        ["10+ years in data", "Built and led teams of 15+", "Modern data stack"],
        (220, 280),
    ),
    (
        "Internship — Software Engineering (Summer 2027)",
        "Engineering",
        "University",
        ["Ship a real project in 12 weeks", "Pair with senior engineers", "Present your work"],
        ["Currently studying CS or related", "Any programming language", "Eagerness to learn"],
        (40, 55),
    ),
    (
        "Senior Backend Engineer (Python)",
        "Engineering",
        "API",
        ["Design our public API", "Scale Python services", "Own API versioning"],
        ["6+ years backend engineering", "Python (FastAPI/Django)", "PostgreSQL"],
        (150, 190),
    ),
    (
        "Data Platform Engineer",
        "Engineering",
        "Data Platform",
        ["Run our lakehouse on S3 and Iceberg", "Build ingestion connectors", "Own data contracts"],
        ["Python and SQL", "Kafka or Kinesis", "Iceberg/Delta/Hudi"],
        (145, 185),
    ),
]

ABOUT = {
    "northwind": "Northwind Analytics helps 4,000+ retailers forecast demand — we&#8217;re profitable and growing.",
    "helio-labs": "Helio Labs builds solar-yield software for utilities across Europe. Wir sprechen Englisch &amp; Deutsch.",
    "quanta-robotics": "Quanta Robotics designs autonomous warehouse robots.  We ship hardware and software together.",
    "bluefin-health": "Bluefin Health is a digital clinic serving 1.2M patients in the UK &amp; Ireland.",
    "lumen-ai": "Lumen AI builds retrieval and reasoning tools for legal teams.",
    "tidal-energy": "Tidal Energy operates grid-scale storage in the Nordics — naturally, we care about the planet 🌊.",
}
BENEFITS = [
    "Competitive salary &amp; equity",
    "Health, dental and vision",
    "Flexible hours and 30 days of PTO",
    "Home-office budget",
    "Learning budget of 2,000 per year",
]


def _html(company: Company, role: tuple, rng: random.Random, edit: str | None) -> str:
    title, _dept, team, duties, reqs, _band = role
    duties = list(duties)
    if edit == "description":
        duties.append("Lead the migration of our legacy cron jobs")
    spacer = "\n   " if edit == "cosmetic" else ""
    intro = ABOUT[company.key]
    items = "".join(f"<li>{spacer}{d}</li>" for d in duties)
    req_items = "".join(f"<li>{r.replace('&', '&amp;')}</li>" for r in reqs)
    perks = "".join(f"<li>{b}</li>" for b in rng.sample(BENEFITS, 3))
    return (
        f"<div><p>{intro}</p>"
        f"<p>The <strong>{team}</strong> team is hiring a {title.replace('&', '&amp;')}.&nbsp;</p>"
        f"<h3>What you&#39;ll do</h3><ul>{items}</ul>"
        f"<h3>What you&rsquo;ll bring</h3><ul>{req_items}</ul>"
        f"<h3>Benefits</h3><ul>{perks}</ul>"
        f"{spacer}<p><em>We are an equal opportunity employer.</em></p></div>"
    )


def _plain(html: str) -> str:
    # Lever/Ashby ship a plain-text twin; a rough one is realistic enough (they are sloppy too).
    return re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ")


@dataclass
class Job:
    index: int
    role: tuple
    location: str
    workplace: str
    published: datetime
    external_id: str


def _jobs(company: Company) -> list[Job]:
    rng = random.Random(company.seed)
    roles = rng.sample(ROLES, len(ROLES))
    jobs = []
    for index in range(BASE_JOBS + len(NEW_ON_DAY)):
        role = roles[index % len(roles)]
        location = company.cities[rng.randrange(len(company.cities))]
        workplace = "Remote" if "Remote" in location else rng.choice(["OnSite", "Hybrid", "OnSite"])
        appear_day = NEW_ON_DAY.get(index, 0)
        published = datetime.combine(DAYS[appear_day], datetime.min.time(), tzinfo=UTC)
        if appear_day == 0:
            published -= timedelta(days=rng.randrange(1, 40), hours=rng.randrange(24))
        else:
            published -= timedelta(hours=rng.randrange(1, 20))
        if company.ats == "greenhouse":
            external = str(4_000_000 + company.seed * 10_000 + index * 37)
        else:
            external = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{company.key}/{index}"))
        jobs.append(Job(index, role, location, workplace, published, external))
    return jobs


def _present(job: Job, day: int) -> bool:
    if NEW_ON_DAY.get(job.index, 0) > day:
        return False
    return day not in EVENTS.get(job.index, {}).get("absent", set())


def _edit(job: Job, day: int) -> str | None:
    """The edit in force on ``day`` (edits persist once made)."""
    active = None
    for start, kind in sorted(EVENTS.get(job.index, {}).get("changes", {}).items()):
        if day >= start:
            active = kind
    return active


def _salary(job: Job, company: Company, edit: str | None) -> tuple[int, int]:
    low, high = job.role[5]
    bump = 10 if edit == "pay_or_location" else 0
    return (low + bump) * 1000, (high + bump) * 1000


def greenhouse_payload(company: Company, day: int) -> dict:
    out = []
    for job in _jobs(company):
        if not _present(job, day):
            continue
        rng = random.Random(f"{company.key}/{job.index}")
        edit = _edit(job, day)
        title, dept, _team, *_ = job.role
        location = job.location
        if edit == "pay_or_location":
            location = company.cities[(company.cities.index(location) + 1) % len(company.cities)]
        url = f"https://{company.domain}/careers?gh_jid={job.external_id}"
        if job.index == 2 and day >= 2:
            url += "&gh_src=linkedin&utm_source=jobboard"  # tracking parameters appear
        updated = job.published + timedelta(hours=3)
        if edit:
            updated = datetime.combine(DAYS[day], datetime.min.time(), tzinfo=UTC)
        record = {
            "absolute_url": url,
            "data_compliance": [{"type": "gdpr", "requires_consent": False, "retention_period": None}],
            "internal_job_id": int(job.external_id) - 1000,
            "location": {"name": location},
            "metadata": [
                {
                    "id": 1001,
                    "name": "Location Type",
                    "value": job.workplace.replace("OnSite", "On-site"),
                    "value_type": "single_select",
                },
                {
                    "id": 1002,
                    "name": "Employment Type",
                    "value": "Intern" if "Intern" in title else "Full-time",
                    "value_type": "single_select",
                },
            ],
            "id": int(job.external_id),
            "updated_at": updated.astimezone(timezone(timedelta(hours=-5))).isoformat(),
            "requisition_id": f"REQ-{job.index:04d}",
            "title": f"  {title} " if job.index % 7 == 0 else title,
            "company_name": company.name,
            "first_published": job.published.astimezone(timezone(timedelta(hours=-5))).isoformat(),
            "language": "en",
            "content": _escape(_html(company, job.role, rng, edit)),
            "departments": []
            if job.index % 9 == 0
            else [{"id": 77, "name": dept, "child_ids": [], "parent_id": None}],
            "offices": [{"id": 55, "name": location.split(",")[0], "location": location}],
            # Asked for with pay_transparency=true; boards fill it for some jobs only (cents).
            "pay_input_ranges": []
            if job.index % 3 == 0
            else [
                {
                    "min_cents": low * 100,
                    "max_cents": high * 100,
                    "currency_type": company.currency,
                    "title": "Base salary",
                    "blurb": "<p>Final pay depends on level and location.</p>",
                }
                for low, high in [_salary(job, company, None)]  # a Greenhouse edit moves the location only
            ],
        }
        out.append(record)
    return {"jobs": out, "meta": {"total": len(out)}}


def _escape(html: str) -> str:
    return html.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


_LEVER_WORKPLACE = {"OnSite": "on-site", "Hybrid": "hybrid", "Remote": "remote"}


def lever_payload(company: Company, day: int) -> list:
    out = []
    for job in _jobs(company):
        if not _present(job, day):
            continue
        rng = random.Random(f"{company.key}/{job.index}")
        edit = _edit(job, day)
        title, dept, team, duties, reqs, _ = job.role
        html = _html(company, job.role, rng, edit)
        intro, _, _ = html.partition("<h3>")
        record = {
            "additional": "<div><em>We are an equal opportunity employer.</em></div>",
            "additionalPlain": "We are an equal opportunity employer.",
            "categories": {
                "commitment": "Intern"
                if "Intern" in title
                else ("Full-time" if job.index % 5 else "Full Time"),
                "department": dept,
                "location": job.location,
                "team": team,
                "allLocations": [job.location],
            },
            "country": {"GBP": "GB", "USD": "US"}.get(company.currency, "US"),
            "createdAt": int(job.published.timestamp() * 1000),
            "descriptionPlain": _plain(intro),
            "description": intro,
            "id": job.external_id,
            "lists": [
                {
                    "text": "What you'll do",
                    "content": "".join(
                        f"<li>{d}</li>"
                        for d in duties
                        + (["Lead the migration of our legacy cron jobs"] if edit == "description" else [])
                    ),
                },
                {
                    "text": "What you'll bring",
                    "content": "".join(f"<li>{r.replace('&', '&amp;')}</li>" for r in reqs),
                },
            ],
            "text": title if job.index % 6 else f"{title}\u00a0",
            "workplaceType": _LEVER_WORKPLACE[job.workplace] if job.index % 8 else "unspecified",
            "hostedUrl": f"https://jobs.lever.co/{company.board}/{job.external_id}",
            "applyUrl": f"https://jobs.lever.co/{company.board}/{job.external_id}/apply?lever-source=LinkedIn",
        }
        if job.index % 3 != 0:  # many Lever boards omit pay
            low, high = _salary(job, company, edit)
            record["salaryRange"] = {
                "currency": company.currency,
                "interval": "per-year-salary",
                "min": low,
                "max": high,
            }
        out.append(record)
    return out


def ashby_payload(company: Company, day: int) -> dict:
    out = []
    jobs = _jobs(company)
    for job in jobs:
        if not _present(job, day):
            continue
        rng = random.Random(f"{company.key}/{job.index}")
        edit = _edit(job, day)
        title, dept, team, *_ = job.role
        # Ashby wraps every list item's text in a paragraph.
        html = re.sub(
            r"<li>(.*?)</li>", r"<li><p>\1</p></li>", _html(company, job.role, rng, edit), flags=re.DOTALL
        )
        low, high = _salary(job, company, edit)
        record = {
            "id": job.external_id,
            "title": f" {title}  " if job.index % 4 == 0 else title,
            "department": dept,
            "team": team,
            "employmentType": "Intern" if "Intern" in title else "FullTime",
            "location": job.location,
            "secondaryLocations": (
                [{"location": company.cities[-1], "address": {"postalAddress": {"addressCountry": "US"}}}]
                if job.index % 10 == 1
                else []
            ),
            "publishedAt": job.published.isoformat().replace("+00:00", "Z"),
            "isListed": job.index != 12,  # one unlisted posting, as boards have
            "isRemote": job.workplace in ("Remote", "Hybrid"),
            "workplaceType": job.workplace,
            "address": {
                "postalAddress": {
                    "addressLocality": job.location.split(",")[0],
                    "addressRegion": "",
                    "addressCountry": job.location.split(",")[-1].strip(),
                }
            },
            "jobUrl": f"https://jobs.ashbyhq.com/{company.board}/{job.external_id}",
            "applyUrl": f"https://jobs.ashbyhq.com/{company.board}/{job.external_id}/application?utm_source=board",
            "descriptionHtml": html,
            "descriptionPlain": _plain(html),
            "compensation": {
                "compensationTierSummary": f"{company.currency} {low // 1000}K – {high // 1000}K • Offers Equity",
                "scrapeableCompensationSalarySummary": f"{company.currency} {low // 1000}K - {high // 1000}K",
                "compensationTiers": [
                    {
                        "id": "t1",
                        "tierSummary": "",
                        "title": None,
                        "additionalInformation": None,
                        "components": [
                            {
                                "id": "c1",
                                "summary": "",
                                "compensationType": "Salary",
                                "interval": "1 YEAR",
                                "currencyCode": company.currency,
                                "minValue": low,
                                "maxValue": high,
                            },
                            {
                                "id": "c2",
                                "summary": "",
                                "compensationType": "EquityPercentage",
                                "interval": "NONE",
                                "currencyCode": None,
                                "minValue": 0.01,
                                "maxValue": 0.05,
                            },
                        ],
                    }
                ],
            }
            if job.index % 5 != 0
            else {
                "compensationTierSummary": None,
                "compensationTiers": [],
                "scrapeableCompensationSalarySummary": None,
            },
        }
        out.append(record)
    if company.key == "lumen-ai" and day >= 2:
        # A repost: posting 11 taken down and put back under a new id, same content.
        original = next(r for r in out if r["id"] == jobs[11].external_id)
        out.remove(original)
        repost = dict(original, id=str(uuid.uuid5(uuid.NAMESPACE_URL, "lumen-ai/11/repost")))
        repost["jobUrl"] = f"https://jobs.ashbyhq.com/{company.board}/{repost['id']}"
        repost["applyUrl"] = repost["jobUrl"] + "/application"
        repost["publishedAt"] = datetime.combine(DAYS[2], datetime.min.time()).isoformat() + "Z"
        out.append(repost)
    return {"apiVersion": "1", "jobs": out}


BUILDERS = {"greenhouse": greenhouse_payload, "lever": lever_payload, "ashby": ashby_payload}


def main() -> None:
    for company in COMPANIES:
        folder = OUT / company.key
        folder.mkdir(parents=True, exist_ok=True)
        for day_index, day in enumerate(DAYS):
            payload = BUILDERS[company.ats](company, day_index)
            text = json.dumps(payload, ensure_ascii=False, indent=1)
            (folder / f"{day.isoformat()}.json").write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(COMPANIES) * len(DAYS)} snapshots under {OUT}")


if __name__ == "__main__":
    main()
