"""The array scorer equals a straightforward per-row implementation of the documented rules.

The reference below reads one job at a time, the obvious way, from the table in
``matching.scoring``'s docstring; it shares only the per-value readers (title families, level gap,
region overlap, the vocabulary) whose own tests live elsewhere. What it checks is the array
plumbing: distinct-value tables, bitmasks, masks, ordering and the Arrow conversion.
"""

import random
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
import pytest

from jobintel_core.base.words import fold
from jobintel_core.ingestion.reading.locations import resolve_locations
from jobintel_core.ingestion.reading.mention_stance import earnest_mention
from jobintel_core.ingestion.reading.posting_reading import read_posting
from jobintel_core.ingestion.reading.roles import default_roles
from jobintel_core.ingestion.reading.skills import Vocabulary, default_vocabulary
from jobintel_core.ingestion.reading.time_zones import utc_window
from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.matching.scoring.currency import default_rates
from jobintel_core.matching.scoring.explanations import reasons
from jobintel_core.matching.scoring.profile_rules import CompiledProfile
from jobintel_core.matching.scoring.scorer import COMPONENTS, GAINS, PENALTIES, score_jobs, semantic_z

DAY = date(2026, 11, 21)
TITLES = [
    "Senior Data Engineer",
    "Data Engineer",
    "Pipeline Gardener",
    "Junior Data Engineer",
    "Head of Data",
    "Customer Support Manager",
    "Frontend Engineer",
    "iOS Engineer",
    "Accountant",
    "Staff Machine Learning Engineer",
    "Product Manager",
]
TEXTS = [
    "Python and SQL pipelines; dbt.",
    "We use Torch and k8s. 6+ years.",
    "Python is not used here. SQL daily.",
    "React with TypeScript, accessible design systems.",
    "Legacy PHP monolith, MySQL.",
    "No PHP here. Go services.",
    "We migrated away from PHP in 2022. Go services.",
    "Remote within UTC-8 to UTC-5. Lead a team of six engineers.",
    "IFRS and SAP month-end close.",
    "Senior folks only. Kafka and Spark.",
    "Weekly on-call rotation for lakeFS.",
    "Graduate role, 0-1 years, Python.",
]
PLACES = [
    ("Berlin, Germany",),
    ("Remote (UK)",),
    ("Remote (EU)",),
    ("Austin, TX",),
    ("Hamburg, Germany",),
    (),
    ("Remote",),
    ("Warsaw, Poland", "Remote (Europe)"),
    ("London",),
]
PAY = [
    None,
    (70000.0, 95000.0, "EUR", "year"),
    (5000.0, 6000.0, "EUR", "month"),
    (150000.0, 190000.0, "USD", "year"),
    (200000.0, 260000.0, "PLN", "year"),
    (40.0, 60.0, "GBP", "hour"),
    (1.0, 2.0, "XAU", "year"),
    (None, 90000.0, "EUR", "year"),
]
PROFILES = [
    Profile(
        name="alex",
        titles=["Data Engineer", "Analytics Engineer"],
        seniority=["senior"],
        locations=["Berlin", "Remote (EU)"],
        workplace=["remote", "hybrid"],
        must_have=["Python", "SQL"],
        nice_to_have=["dbt", "Kafka", "lakeFS"],
        excluded=["PHP"],
        salary_floor=80000,
        salary_currency="EUR",
    ),
    Profile(
        name="kim",
        titles=["Frontend Engineer"],
        seniority=["mid", "senior"],
        locations=["Warsaw"],
        remote_regions=["Europe"],
        must_have=["React", "TSX"],
        excluded=["on-call"],
        salary_floor=240000,
        salary_currency="PLN",
    ),
    Profile(
        name="omar",
        titles=["Machine Learning Engineer"],
        locations=["New York", "London"],
        workplace=["hybrid", "onsite"],
        must_have=["PyTorch", "Kubernetes"],
    ),
]


def sample_jobs(count: int = 300, seed: int = 11) -> pd.DataFrame:
    rng = random.Random(seed)
    rows = []
    for i in range(count):
        title, text = rng.choice(TITLES), rng.choice(TEXTS)
        workplace = rng.choice(["remote", "hybrid", "onsite", "unknown"])
        shown, places = resolve_locations(rng.choice(PLACES))
        pay = rng.choice(PAY)
        low, high, currency, interval = pay if pay else (None, None, None, None)
        posted = rng.choice([None, datetime(2026, 11, 20, tzinfo=UTC) - timedelta(days=rng.randrange(90))])
        reading = read_posting(title, text, places, workplace)
        rows.append(
            {
                "job_id": f"{rng.randrange(10**6):06d}-{i:03d}",
                "title": title,
                "company": "Acme",
                "provider": "acme",
                "url": f"https://a/{i}",
                "description_text": text,
                "locations": shown,
                "places": [p.model_dump() for p in places],
                "workplace_type": workplace,
                "compensation_min": low,
                "compensation_max": high,
                "compensation_currency": currency,
                "compensation_interval": interval,
                "posted_at": posted,
                "first_seen": DAY - timedelta(days=rng.randrange(5)),
                **reading.model_dump(mode="json"),
            }
        )
    return pd.DataFrame(rows)


def reference_row(rules: CompiledProfile, row: dict, z: float) -> dict:
    """One job, one profile, by the documented rules, with the shipped weights."""
    text = f"{row['title']}\n{row['description_text']}"

    def names(term) -> bool:
        if term.skills:
            return bool(set(term.skills) & set(row["skills"]))
        return bool(Vocabulary.from_terms([term.text]).mentions(text).found)

    def in_earnest(term) -> bool:
        vocabulary = default_vocabulary() if term.skills else Vocabulary.from_terms([term.text])
        return names(term) and earnest_mention(text, vocabulary, term.skills or (term.text,)) is not None

    gains = {
        "title": GAINS["title"],
        "must_have": GAINS["must_have"] if rules.must else 0,
        "nice_to_have": GAINS["nice_to_have"] if rules.nice else 0,
        "semantic": GAINS["semantic"],
    }
    scale = 100 / sum(gains.values())
    similarity = rules.title_match(row["title"])[0]
    if not default_roles().read(row["title"]).families:  # an odd title: the role its skills describe
        body = default_roles().families_of_skills(frozenset(row["skills"]))
        similarity = max(similarity, rules.body_match(body)[0])
    points = {"title": scale * gains["title"] * similarity}
    points["must_have"] = scale * gains["must_have"] * sum(map(names, rules.must)) / max(len(rules.must), 1)
    points["nice_to_have"] = (
        scale * gains["nice_to_have"] * sum(map(names, rules.nice)) / max(len(rules.nice), 1)
    )
    points["semantic"] = scale * gains["semantic"] * min(max(z / 1.5, 0), 1)
    gap = rules.level_gap(row["seniority"])
    points["seniority"] = -PENALTIES["seniority"] * (0 if gap in (None, 0) else 8 / 35 if gap == 1 else 1)

    remote = row["workplace_type"] == "remote" or any(p["remote"] for p in row["places"])
    sites = [(fold(p["city"]) or None, p["country_code"]) for p in row["places"] if not p["remote"]]
    hours = utc_window(row["description_text"]) if remote else None
    if remote:
        region = row["remote_region"]
        share = (
            0.25
            if not rules.remote_ok
            else 1
            if hours is not None and not rules.works_in_hours(hours)
            else 0
            if region is None
            else 0
            if rules.remote_eligible(region)
            else 1
        )
    elif not sites:
        share = 0
    elif not rules.sites:
        share = 0 if row["workplace_type"] in ("unknown", *rules.workplaces) else 0.375
    elif not any(site.covers(city, country) for city, country in sites for site in rules.sites):
        share = 1
    else:
        share = 0 if row["workplace_type"] in ("unknown", *rules.workplaces) else 0.375
    points["location"] = -PENALTIES["location"] * share

    profile, yearly = rules.profile, None
    amount = row["compensation_max"] if row["compensation_max"] is not None else row["compensation_min"]
    per_year = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}.get(
        row["compensation_interval"]
    )
    if amount is not None and per_year and profile.salary_floor is not None:
        factor = default_rates().factor(row["compensation_currency"], profile.salary_currency)
        yearly = amount * per_year * factor if factor else None
    under = 0 if yearly is None else min(max((1 - yearly / profile.salary_floor) / 0.25, 0), 1)
    points["salary"] = -PENALTIES["salary"] * under

    listed = row["posted_at"].date() if row["posted_at"] is not None else row["first_seen"]
    age = max((DAY - listed).days, 0)
    points["freshness"] = -PENALTIES["freshness"] * min(max((age - 21) / 39, 0), 1)

    points = {k: round(v + 0.0, 2) for k, v in points.items()}
    excluded = any(in_earnest(term) for term in rules.excluded)
    total = 0.0 if excluded else round(min(max(sum(points.values()), 0), 100), 2)
    return {"score": total, "excluded": excluded, **{f"points_{k}": v for k, v in points.items()}}


@pytest.fixture(scope="module")
def jobs() -> pd.DataFrame:
    return sample_jobs()


def test_array_scores_equal_the_per_row_reference(jobs):
    rng = np.random.default_rng(3)
    cosines = {
        p.name: pd.Series(rng.uniform(0, 0.9, len(jobs)), index=jobs["job_id"].to_numpy()) for p in PROFILES
    }
    cosines["omar"].iloc[::7] = np.nan  # jobs without a vector
    scores = score_jobs(PROFILES, jobs, cosines, DAY).set_index(["profile", "job_id"])
    compared = 0
    for profile in PROFILES:
        rules = CompiledProfile(profile)
        z = pd.Series(semantic_z(cosines[profile.name].to_numpy()), index=cosines[profile.name].index)
        for row in jobs.to_dict("records"):
            row = {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in row.items()}
            row["posted_at"] = (
                None if pd.isna(row["posted_at"]) else pd.Timestamp(row["posted_at"]).to_pydatetime()
            )
            expected = reference_row(rules, row, 0.0 if np.isnan(z[row["job_id"]]) else z[row["job_id"]])
            got = scores.loc[(profile.name, row["job_id"])]
            assert {k: got[k] for k in expected} == pytest.approx(expected, abs=0.011), (profile.name, row)
            said = reasons(got.to_dict())  # every row explains itself, and says why it was excluded
            assert said and ("excluded term" in said) == bool(got["excluded"]), said
            compared += 1
    assert compared == len(PROFILES) * len(jobs)
    # The sample exercises every rule's branches, so equality above means something.
    for column, values in {
        "location_fit": {"site", "elsewhere", "remote_ok", "remote_outside", "remote_not_wanted"},
        "salary_fit": {"meets", "below", "unknown", "unconvertible", "no_floor"},
    }.items():
        assert values <= set(scores[column])
    assert scores["excluded"].any() and (scores["points_seniority"] == -PENALTIES["seniority"]).any()
    assert "remote_hours_outside" in set(scores["location_fit"])
    assert set(COMPONENTS) == {c.removeprefix("points_") for c in scores.columns if c.startswith("points_")}


def test_rows_are_ordered_by_profile_score_recency_and_id(jobs):
    cosines = {p.name: dict.fromkeys(jobs["job_id"], 0.5) for p in PROFILES}
    scores = score_jobs(PROFILES, jobs, cosines, DAY)
    flat = {(p, j): c for p, by_job in cosines.items() for j, c in by_job.items()}  # the older key format
    pd.testing.assert_frame_equal(score_jobs(PROFILES, jobs, flat, DAY), scores)
    posted = pd.to_datetime(scores["posted_at"], utc=True)
    key = list(
        zip(
            scores["profile"],
            -scores["score"],
            posted.isna(),
            -posted.fillna(pd.Timestamp(0, tz="UTC")).astype("int64"),
            scores["job_id"],
            strict=True,
        )
    )
    assert key == sorted(key)
