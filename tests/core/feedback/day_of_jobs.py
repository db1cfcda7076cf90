"""A day of job_scores rows made the real way (ingestion's readings, ``score_jobs``) for the
learner's and the reranker's tests: titles of three families, six companies, pay, places, levels."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pandas as pd

from jobintel_core.ingestion.reading.locations import resolve_locations
from jobintel_core.ingestion.reading.posting_reading import read_posting
from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.matching.scoring.scorer import score_jobs
from tests.support.profiles import alex

DAY = date(2026, 11, 20)
COMPANIES = ("Acme", "Birch Labs", "Cobalt Bank", "Delta Freight", "Ember Health", "Fable Works")
TITLES = (
    "Senior Data Engineer",
    "Data Engineer",
    "Analytics Engineer",
    "Data Platform Engineer",
    "Backend Engineer",
)
PLACES = (("Berlin, Germany",), ("Remote (EU)",), ("Munich, Germany",))
PROFILE = alex(salary_floor=70000, shortlist={"min_score": 20, "top_n": 20})


def job(i: int) -> dict[str, object]:
    title, company, places = TITLES[i % 5], COMPANIES[i % 6], PLACES[i % 3]
    text = ["Python and SQL pipelines with dbt.", "Python, SQL and Spark.", "SQL reporting, some Python."][
        i % 3
    ]
    if i % 13 == 5:
        text += " You will maintain our PHP monolith every day."
    pay = [(60000.0, 80000.0), (80000.0, 110000.0), None][i % 3]
    workplace = "remote" if "Remote" in places[0] else "hybrid"
    shown, resolved = resolve_locations(places)
    return {
        "job_id": f"job{i:03d}",
        "title": title,
        "company": company,
        "provider": "acme",
        "url": f"https://jobs.example/{i}",
        "description_text": text,
        "locations": shown,
        "places": [p.model_dump() for p in resolved],
        "workplace_type": workplace,
        "compensation_min": pay[0] if pay else None,
        "compensation_max": pay[1] if pay else None,
        "compensation_currency": "EUR" if pay else None,
        "compensation_interval": "year" if pay else None,
        "posted_at": datetime(2026, 11, 19, tzinfo=UTC) - timedelta(days=i % 40),
        "first_seen": DAY,
        **read_posting(title, text, resolved, workplace).model_dump(mode="json"),
    }


def day_scores(n: int = 60, profile: Profile = PROFILE) -> pd.DataFrame:
    """``n`` jobs' scores for ``profile`` in ``score_jobs``' order, cosines spread over 0.1–0.7."""
    jobs = pd.DataFrame([job(i) for i in range(n)])
    cosines = {f"job{i:03d}": 0.1 + 0.6 * ((i * 7) % n) / n for i in range(n)}
    return score_jobs([profile], jobs, {profile.name: cosines}, DAY)
