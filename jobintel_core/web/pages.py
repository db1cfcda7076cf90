"""The HTML pages: plain links and forms (no script needed). Each form posts, is validated (422 naming
the field, nothing written), writes through the core's user-state functions and redirects back."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jobintel_core.matching.profiles.profile import Profile, ProfileError
from jobintel_core.matching.profiles.user_state import (
    PROFILE_PATTERN,
    JobStatus,
    mark_job,
    set_company_hidden,
)
from jobintel_core.web import deps
from jobintel_core.web.exports import tracker_csv, tracker_ics
from jobintel_core.web.feedback_reader import FeedbackReader, latest_ratings
from jobintel_core.web.forms import CompanyForm, SearchQuery, StageForm, TodayFilters
from jobintel_core.web.rendering import attachment, render
from jobintel_core.web.settings_form import (
    CHANNELS,
    SENIORITIES,
    WORKPLACES,
    comment_lines,
    refused_fields,
    save_from_form,
)

router = APIRouter(include_in_schema=False)
STAGES = [s for s in JobStatus if s is not JobStatus.IGNORED]  # the tracker's columns, in order


def _back(path: str) -> RedirectResponse:
    return RedirectResponse(path, status_code=303)


def job_path(profile: str, job_id: str) -> str:
    return f"/p/{profile}/jobs/{quote(job_id, safe='')}"


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    profiles = deps.visible_profiles(request)
    if len(profiles) == 1:
        return _back(f"/p/{profiles[0]}")
    return render(request, "home.html", profiles=profiles)


@router.get("/p/{profile}", response_class=HTMLResponse)
def today_page(
    request: Request, profile: deps.Profile, reader: deps.Reader, filters: Annotated[TodayFilters, Query()]
) -> Response:
    feedback = FeedbackReader(reader)
    return render(
        request,
        "today.html",
        today=feedback.today(profile, filters),
        ratings=latest_ratings(feedback.ratings(profile).events),
        filters=filters,
        job_path=job_path,
    )


@router.get("/p/{profile}/jobs/{job_id}", response_class=HTMLResponse)
def job_page(request: Request, profile: deps.Profile, job_id: str, reader: deps.Reader) -> Response:
    job = FeedbackReader(reader).job(profile, job_id)
    return render(request, "job.html", job=job, stages=STAGES, job_path=job_path)


@router.post("/p/{profile}/jobs/{job_id}/stage")
def move_job(
    request: Request,
    profile: deps.Profile,
    job_id: str,
    reader: deps.Reader,
    form: Annotated[StageForm, Form()],
) -> Response:
    canonical = reader.canonical_id(job_id)
    mark_job(reader.store, profile, canonical, form.stage, deps.today(request), form.note, form.follow_up)
    return _back(job_path(profile, canonical))


@router.post("/p/{profile}/jobs/{job_id}/not-interested")
def not_interested(request: Request, profile: deps.Profile, job_id: str, reader: deps.Reader) -> Response:
    canonical = reader.canonical_id(job_id)
    mark_job(reader.store, profile, canonical, JobStatus.IGNORED, deps.today(request))
    return _back(f"/p/{profile}")


@router.post("/p/{profile}/companies")
def hide_company(
    profile: deps.Profile, reader: deps.Reader, form: Annotated[CompanyForm, Form()]
) -> Response:
    set_company_hidden(reader.store, profile, form.company, form.hidden)
    return _back(f"/p/{profile}")


@router.get("/p/{profile}/tracker", response_class=HTMLResponse)
def tracker_page(request: Request, profile: deps.Profile, reader: deps.Reader) -> Response:
    tracker = reader.tracker(profile)
    columns = {stage.value: [r for r in tracker.rows if r.stage == stage.value] for stage in STAGES}
    return render(request, "tracker.html", tracker=tracker, columns=columns, job_path=job_path)


@router.get("/p/{profile}/tracker.csv")
def tracker_csv_file(profile: deps.Profile, reader: deps.Reader) -> Response:
    return attachment(
        tracker_csv(reader.tracker(profile)), "text/csv; charset=utf-8", f"{profile}-tracker.csv"
    )


@router.get("/p/{profile}/tracker.ics")
def tracker_ics_file(profile: deps.Profile, reader: deps.Reader) -> Response:
    return attachment(
        tracker_ics(reader.tracker(profile)), "text/calendar; charset=utf-8", f"{profile}-follow-ups.ics"
    )


@router.get("/changes", response_class=HTMLResponse)
def changes_page(request: Request, reader: deps.Reader) -> Response:
    profiles = deps.visible_profiles(request)
    return render(
        request,
        "changes.html",
        changes=reader.changes(),
        profile=profiles[0] if profiles else None,
        job_path=job_path,
    )


@router.get("/p/{profile}/settings", response_class=HTMLResponse)
def settings_page(request: Request, profile: deps.Profile, reader: deps.Reader) -> Response:
    return _settings(request, reader, reader.profile(profile), new=False)


@router.post("/p/{profile}/settings")
async def save_settings(request: Request, profile: deps.Profile, reader: deps.Reader) -> Response:
    return await _save(request, reader, profile, new=False)


@router.get("/onboarding", response_class=HTMLResponse)
def onboarding_page(request: Request, reader: deps.Reader) -> Response:
    _may_create(request)
    return _settings(request, reader, None, new=True)


@router.post("/onboarding")
async def create_profile(request: Request, reader: deps.Reader) -> Response:
    _may_create(request)
    name = (await request.form()).get("name", "")
    if not isinstance(name, str) or not re.fullmatch(PROFILE_PATTERN, name):
        return render(
            request,
            "error.html",
            status_code=422,
            status=422,
            message="field 'name': a lowercase slug (letters, digits, '-', '_')",
            fields=["name"],
        )
    if (reader.profiles_dir / f"{name}.yaml").exists():
        raise HTTPException(409, f"a profile {name!r} exists already")
    return await _save(request, reader, name, new=True)


def _may_create(request: Request) -> None:
    if not deps.may_see(request, "*"):
        raise HTTPException(403, "creating profiles needs access to every profile")


def _settings(request: Request, reader: deps.Reader, profile: Profile | None, new: bool) -> Response:
    path = reader.profiles_dir / f"{profile.name}.yaml" if profile else None
    return render(
        request,
        "settings.html",
        profile=profile,
        new=new,
        comments=comment_lines(path) if path else 0,
        seniorities=SENIORITIES,
        workplaces=WORKPLACES,
        channels=CHANNELS,
        configured_channels=deps.config(request).alert_channels,
        suggested_skills=reader.suggested_skills(profile),
    )


async def _save(request: Request, reader: deps.Reader, name: str, new: bool) -> Response:
    try:
        save_from_form(reader.profiles_dir, name, await request.form())
    except ProfileError as exc:
        message = str(exc).split(": ", 1)[-1]  # without the server's file path
        return render(
            request, "error.html", status_code=422, status=422, message=message, fields=refused_fields(exc)
        )
    return _back(f"/p/{name}" if new else f"/p/{name}/settings")


@router.get("/p/{profile}/search", response_class=HTMLResponse)
def search_page(
    request: Request, profile: deps.Profile, reader: deps.Reader, query: Annotated[SearchQuery, Query()]
) -> Response:
    return render(
        request,
        "search.html",
        search=reader.search(profile, query.q, query.k),
        enabled=reader.encoder is not None,
        job_path=job_path,
    )
