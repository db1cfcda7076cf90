"""Ratings and outcomes in the app: the star control's form (every Today card and job page), today's
batch to rate, and the JSON API for ratings and outcomes (``/api/profiles/{profile}/ratings``,
``…/outcomes``, ``…/batch``).

Every write goes through ``feedback.events`` (``record_rating``; outcomes through the tracker's one
code path, ``record_outcome``), so the CLI, the app and the API append to the same event logs. The job
id is resolved to its canonical id first (a duplicate's id rates the job it was merged into); an
unknown id is a 404 naming it and a refused value a 422 naming the field, with nothing written.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from jobintel_core.feedback.events import (
    Outcome,
    Rating,
    RatingValues,
    record_outcome,
    record_rating,
)
from jobintel_core.matching.profiles.user_state import JobStatus
from jobintel_core.web import deps
from jobintel_core.web.feedback_reader import FeedbackReader, latest_ratings
from jobintel_core.web.forms import _blank_as_unset
from jobintel_core.web.pages import job_path
from jobintel_core.web.rendering import render
from jobintel_core.web.views import Batch

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api", tags=["feedback"])


def feedback_reader(reader: deps.Reader) -> FeedbackReader:
    return FeedbackReader(reader)


Feedback = Annotated[FeedbackReader, Depends(feedback_reader)]


class RatingFields(RatingValues):
    """A rating as a user sends it: stars, and optionally fit / interest / location / pay and a comment
    (``RatingValues``, the event's own fields and limits). Blank form fields mean "not given"."""

    model_config = ConfigDict(extra="ignore")

    _blank = model_validator(mode="before")(_blank_as_unset)

    def rating(self, profile: str, job_id: str, on: date) -> Rating:
        values = self.model_dump(include=set(RatingValues.model_fields))
        return Rating(profile=profile, job_id=job_id, on=on, **values)


class RatingForm(RatingFields):
    """The star control's form; ``back`` names the page it was sent from (never a URL)."""

    back: Literal["job", "today", "batch"] = "job"


class RatingBody(RatingFields):
    job_id: str = Field(min_length=1, max_length=200)


class OutcomeBody(BaseModel):
    """An outcome: one of the tracker's outcome stages and the day it happened (default today; never
    after it)."""

    model_config = ConfigDict(extra="forbid")

    job_id: str = Field(min_length=1, max_length=200)
    stage: JobStatus
    on: date | None = None


class Ratings(BaseModel):
    """The profile's ratings in the order they were made, and the log's refused lines (file:line: why)."""

    profile: str
    ratings: list[Rating]
    problems: list[str]


class Outcomes(BaseModel):
    profile: str
    outcomes: list[Outcome]
    problems: list[str]


def _refused(exc: ValidationError) -> RequestValidationError:
    """The event model's own refusal (an outcome's stage) as the app's 422, naming the field."""
    return RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()])


def _rate(
    request: Request, feedback: FeedbackReader, profile: str, job_id: str, form: RatingFields
) -> Rating:
    canonical = feedback.reader.canonical_id(job_id)  # unknown → 404 naming the id
    return record_rating(feedback.store, form.rating(profile, canonical, deps.today(request)))


# Pages -----------------------------------------------------------------------------------------
@router.post("/p/{profile}/jobs/{job_id}/rating")
def rate_page(
    request: Request,
    profile: deps.Profile,
    job_id: str,
    feedback: Feedback,
    form: Annotated[RatingForm, Form()],
) -> Response:
    rating = _rate(request, feedback, profile, job_id, form)
    back = {
        "job": job_path(profile, rating.job_id),
        "today": f"/p/{profile}",
        "batch": f"/p/{profile}/batch",
    }[form.back]
    return RedirectResponse(back, status_code=303)


@router.get("/p/{profile}/batch", response_class=HTMLResponse)
def batch_page(request: Request, profile: deps.Profile, feedback: Feedback) -> Response:
    return render(
        request,
        "batch.html",
        batch=feedback.batch(profile),
        ratings=latest_ratings(feedback.ratings(profile).events),
        job_path=job_path,
    )


# API -------------------------------------------------------------------------------------------
@api_router.get("/profiles/{profile}/ratings")
def ratings(profile: deps.Profile, feedback: Feedback) -> Ratings:
    log = feedback.ratings(profile)
    return Ratings(profile=profile, ratings=log.events, problems=log.problems)


@api_router.post("/profiles/{profile}/ratings")
def rate(request: Request, profile: deps.Profile, feedback: Feedback, body: RatingBody) -> Rating:
    return _rate(request, feedback, profile, body.job_id, body)


@api_router.get("/profiles/{profile}/outcomes")
def outcomes(profile: deps.Profile, feedback: Feedback) -> Outcomes:
    log = feedback.outcomes(profile)
    return Outcomes(profile=profile, outcomes=log.events, problems=log.problems)


@api_router.post("/profiles/{profile}/outcomes")
def record(request: Request, profile: deps.Profile, feedback: Feedback, body: OutcomeBody) -> Outcome:
    """A move in the tracker (``record_outcome``: the tracker's one write path), on the day given."""
    today = deps.today(request)
    if body.on is not None and body.on > today:
        raise RequestValidationError(
            [{"type": "value_error", "loc": ("body", "on"), "msg": f"{body.on} is after today ({today})"}]
        )
    canonical = feedback.reader.canonical_id(body.job_id)
    try:
        outcome = Outcome(profile=profile, job_id=canonical, stage=body.stage, on=body.on or today)
    except ValidationError as exc:
        raise _refused(exc) from None
    return record_outcome(feedback.store, outcome)


@api_router.get("/profiles/{profile}/batch")
def batch(profile: deps.Profile, feedback: Feedback) -> Batch:
    return feedback.batch(profile)
