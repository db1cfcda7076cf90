"""What a draft may say about a job: its own fields and the score's explanation, read from the
stored ``job_history`` and ``job_scores`` rows (never the whole posting HTML)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, Field

from jobintel_core.matching.scoring.explanations import component_reasons
from jobintel_core.matching.scoring.scorer import GAINS
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.storage.tables import latest_daily_table, read_table

DESCRIPTION_CHARS = 4000  # what the optional LLM pass sees of the posting


class JobFacts(BaseModel):
    job_id: str
    title: str
    company: str
    url: str = ""
    locations: list[str] = Field(default_factory=list)
    skills: list[str] = Field(
        default_factory=list, description="the vocabulary's skills the posting asks for"
    )
    description: str = ""
    score: float | None = None
    reasons: list[str] = Field(default_factory=list, description="why it matches, from the explanation")

    def text(self) -> str:
        """Every string of the job a draft may quote where it speaks about the job."""
        return "\n".join([self.title, self.company, *self.locations, *self.skills, self.description])


def _strings(values: Any) -> list[str]:
    """A list column's value (a list, a NumPy array, or None) as strings."""
    return [] if values is None else [str(v) for v in values]


def job_facts(job: Mapping[str, Any], score: Mapping[str, Any] | None = None) -> JobFacts:
    """From a ``job_history`` row and, when the job was scored for the profile, its score row."""
    reasons: list[str] = []
    if score is not None and not score["excluded"]:
        why = component_reasons(score)
        gains = sorted((k for k in GAINS if score[f"points_{k}"] > 0), key=lambda k: -score[f"points_{k}"])
        reasons = [why[k] for k in gains]
    return JobFacts(
        job_id=str(job["job_id"]),
        title=str(job["title"]),
        company=str(job["company"]),
        url=str(job.get("url") or ""),
        locations=_strings(job.get("locations")),
        skills=_strings(job.get("skills")),
        description=str(job.get("description_text") or "")[:DESCRIPTION_CHARS],
        score=float(score["score"]) if score is not None else None,
        reasons=reasons,
    )


class JobNotFound(LookupError):
    pass


def load_job_facts(store: ObjectStore, profile: str, job_id: str) -> JobFacts:
    """The job as of the latest stored day: its ``job_history`` row and this profile's score row."""
    latest = latest_daily_table(store, "job_history")
    if latest is None:
        raise JobNotFound("no job history stored yet: run `jobintel run` first")
    day, history = latest
    rows = history[history["job_id"] == job_id]
    if rows.empty:
        raise JobNotFound(f"no job {job_id!r} in the job history of {day} (see the shortlist for job ids)")
    try:
        scores = read_table(store, "job_scores", day.isoformat())
    except ObjectMissing:
        scores = None
    score = None
    if scores is not None:
        mine = scores[(scores["profile"] == profile) & (scores["job_id"] == job_id)]
        score = mine.iloc[0].to_dict() if not mine.empty else None
    return job_facts(rows.iloc[0].to_dict(), score)
