"""What the draft tests share: the fixture résumés read once, and a job in the bundled shape."""

from __future__ import annotations

from functools import cache

from jobintel_core.applications.importing import read_resume
from jobintel_core.applications.job import JobFacts
from jobintel_core.applications.resume import Resume
from tests.conftest import REPO_ROOT

RESUMES = REPO_ROOT / "tests" / "fixtures" / "resumes"


@cache
def fixture_resume(name: str) -> Resume:
    path = next(RESUMES.glob(f"{name}.*"))
    return read_resume(path.read_bytes(), path.name).resume


def personal_strings(name: str) -> list[str]:
    """What identifies the person and their history (name, contact, employers, schools, summary,
    highlights): none of it may appear outside their own files. Titles and skills are left out:
    jobs have them too."""
    r = fixture_resume(name)
    b = r.basics
    found = [b.name, b.email, b.phone, b.url, b.summary, *(w.name for w in r.work)]
    found += [h for w in r.work for h in w.highlights] + [e.institution for e in r.education]
    return [x for x in found if x]


JOB = JobFacts(
    job_id="4f2c9a0d1e",
    title="Senior Data Engineer",
    company="Helio Labs",
    locations=["Berlin, Germany"],
    skills=["Python", "SQL", "dbt", "Apache Kafka", "Snowflake"],
    description="You build our data platform on Snowflake with 5+ years of Python and SQL.",
    score=82.2,
    reasons=["title vs 'Data Engineer': 0.92", "2/2 must-have", "cosine 0.612, +2.1 σ from today's median"],
)
