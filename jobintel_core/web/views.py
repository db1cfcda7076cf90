"""What each page and API answer shows, as pydantic models: one shape for HTML and JSON (OpenAPI)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from jobintel_core.feedback.events import Rating
from jobintel_core.matching.profiles.user_state import StageChange


class Component(BaseModel):
    """One score component: its points, its range for this profile and why, in words."""

    name: str
    points: float
    low: float
    high: float
    why: str


class Pay(BaseModel):
    """Pay as posted, and yearly in the profile's currency where a rate is known."""

    original: str
    yearly_converted: float | None = None
    currency: str | None = None


class TodayRow(BaseModel):
    rank: int
    job_id: str
    score: float
    title: str
    company: str
    url: str
    places: list[str]
    workplace: str
    pay: Pay | None
    first_seen: date
    age_days: int
    badges: list[str]
    user_status: str | None
    reasons: list[str]
    components: list[Component]
    job_status: str
    # What the learner did (the shortlist's rerank, docs/feedback.md): neutral before it ran
    rule_score: float | None = None  # the score before the preference was blended in
    preference_points: float = 0.0
    preference_reasons: list[str] = Field(default_factory=list)
    explore: bool = False  # an exploration slot: the learner is unsure about this job


class Today(BaseModel):
    profile: str
    day: date | None
    rows: list[TodayRow]
    hidden_companies: list[str]
    companies: list[str]


class Version(BaseModel):
    day: date
    change: str
    changed_fields: list[str]


class JobPage(BaseModel):
    profile: str
    day: date
    job_id: str
    title: str
    company: str
    url: str
    apply_url: str | None
    places: list[str]
    workplace: str
    employment_type: str | None
    pay: Pay | None
    description_html: str
    score: float | None
    excluded: str | None
    components: list[Component]
    cosine: float | None
    first_seen: date
    last_seen: date
    job_status: str
    closed_on: date | None
    reopened_count: int
    versions: list[Version]
    absorbed_ids: list[str]
    user_status: str | None
    notes: str
    follow_up: date | None
    stage_history: list[StageChange]
    # On today's shortlist: the blend of the rule score and the learned preference, and why
    shortlist_score: float | None = None
    rule_score: float | None = None
    preference_points: float = 0.0
    preference_reasons: list[str] = Field(default_factory=list)
    explore: bool = False
    rating: Rating | None = None  # the user's latest rating of this job


class TrackerRow(BaseModel):
    job_id: str
    title: str
    company: str
    url: str
    job_status: str
    stage: str
    since: date
    notes: str
    follow_up: date | None
    stage_history: list[StageChange]


class Tracker(BaseModel):
    profile: str
    rows: list[TrackerRow]


class ChangeRow(BaseModel):
    job_id: str
    change: str
    changed_fields: list[str]
    title: str
    company: str
    provider: str
    url: str


class Changes(BaseModel):
    """The day's new / changed / closed / reopened jobs across every board."""

    day: date | None
    rows: list[ChangeRow]


class SearchHit(BaseModel):
    rank: int
    job_id: str
    cosine: float
    title: str
    company: str
    score: float | None  # the profile's score; None when the job is excluded for it
    excluded: bool


class Search(BaseModel):
    profile: str
    query: str
    day: date | None
    hits: list[SearchHit]


class BatchRow(BaseModel):
    batch_rank: int
    job_id: str
    title: str
    company: str
    places: list[str]
    workplace: str
    score: float | None
    rule_score: float | None = None
    preference_points: float = 0.0
    preference_reasons: list[str] = Field(default_factory=list)
    explore: bool = False  # the batch's exploration slot


class Batch(BaseModel):
    """Today's batch: up to 5 unrated jobs to rate (one an exploration slot), as the pipeline drew
    and logged it; a job rated since stays in it and counts toward the progress."""

    profile: str
    day: date | None
    rows: list[BatchRow]
    rated: int  # how many of ``rows`` the user has rated
