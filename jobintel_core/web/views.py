"""What each page and API answer shows, as pydantic models: one shape for HTML and JSON (OpenAPI)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

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
