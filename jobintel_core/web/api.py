"""``/api/…``: the pages' reads and actions as JSON, described by FastAPI's OpenAPI
(``/api/openapi.json``). Writes need the session's CSRF token in the ``X-CSRF-Token`` header
(``GET /api/session`` gives it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from pydantic import BaseModel

from jobintel_core.matching.profiles.user_state import JobStatus, mark_job, set_company_hidden
from jobintel_core.web import deps
from jobintel_core.web.feedback_reader import FeedbackReader
from jobintel_core.web.forms import CompanyForm, SearchQuery, StageForm, TodayFilters
from jobintel_core.web.runs import RunSummary
from jobintel_core.web.views import Changes, JobPage, Search, Today, Tracker

router = APIRouter(prefix="/api", tags=["api"])


class SessionInfo(BaseModel):
    user: str | None
    csrf: str
    profiles: list[str]


class Hidden(BaseModel):
    hidden_companies: list[str]


@router.get("/session")
def session_info(request: Request) -> SessionInfo:
    session = deps.session(request)
    return SessionInfo(user=session.user, csrf=session.csrf, profiles=deps.visible_profiles(request))


@router.get("/profiles")
def profiles(request: Request) -> list[str]:
    return deps.visible_profiles(request)


@router.get("/profiles/{profile}/today")
def today(profile: deps.Profile, reader: deps.Reader, filters: Annotated[TodayFilters, Query()]) -> Today:
    return FeedbackReader(reader).today(profile, filters)


@router.get("/profiles/{profile}/jobs/{job_id}")
def job(profile: deps.Profile, job_id: str, reader: deps.Reader) -> JobPage:
    return FeedbackReader(reader).job(profile, job_id)


@router.post("/profiles/{profile}/jobs/{job_id}/stage")
def move_job(
    request: Request, profile: deps.Profile, job_id: str, reader: deps.Reader, form: StageForm
) -> JobPage:
    canonical = reader.canonical_id(job_id)
    mark_job(reader.store, profile, canonical, form.stage, deps.today(request), form.note, form.follow_up)
    return FeedbackReader(reader).job(profile, canonical)


@router.post("/profiles/{profile}/jobs/{job_id}/not-interested")
def not_interested(request: Request, profile: deps.Profile, job_id: str, reader: deps.Reader) -> JobPage:
    canonical = reader.canonical_id(job_id)
    mark_job(reader.store, profile, canonical, JobStatus.IGNORED, deps.today(request))
    return FeedbackReader(reader).job(profile, canonical)


@router.post("/profiles/{profile}/hidden-companies")
def hide_company(profile: deps.Profile, reader: deps.Reader, form: CompanyForm) -> Hidden:
    state = set_company_hidden(reader.store, profile, form.company, form.hidden)
    return Hidden(hidden_companies=state.hidden_companies)


@router.get("/profiles/{profile}/tracker")
def tracker(profile: deps.Profile, reader: deps.Reader) -> Tracker:
    return reader.tracker(profile)


@router.get("/profiles/{profile}/search")
def search(profile: deps.Profile, reader: deps.Reader, query: Annotated[SearchQuery, Query()]) -> Search:
    return reader.search(profile, query.q, query.k)


@router.get("/changes")
def changes(reader: deps.Reader) -> Changes:
    return reader.changes()


@router.get("/runs")
def runs(request: Request, limit: Annotated[int, Query(ge=1, le=200)] = 50) -> list[RunSummary]:
    source = deps.config(request).runs
    if source is None:
        raise HTTPException(404, "no Dagster instance is configured for this app")
    return source.recent_runs(limit)
