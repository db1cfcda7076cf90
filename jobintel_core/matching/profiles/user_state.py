"""What the user did about a job, per profile, stored with the other data (local or S3).

``user_state/<profile>.json`` holds ``{job_id: {status, date, notes, follow_up, history}}`` and the
companies the user hid. Shortlists and alerts read it: ``applied`` and ``ignored`` jobs are not
alerted again, and every state is shown next to its job. Marks are keyed by the *canonical* job id,
so marking a duplicate or a repost's id lands on the job it was merged into, and a later repost of
an ignored job stays ignored. ``jobintel mark`` and the web app's tracker both write through
``mark_job`` (one code path); each change of stage is kept in the entry's ``history``.
"""

from __future__ import annotations

import datetime
import re
from datetime import date
from enum import StrEnum

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from jobintel_core.storage.keys import user_state_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore

PROFILE_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,62}$"


class JobStatus(StrEnum):
    """The tracker's stages in order (saved → applied → screen → interview → an outcome), and
    ``ignored`` ("not interested"). ``interviewing`` keeps its stored name from before the tracker."""

    SAVED = "saved"
    APPLIED = "applied"
    SCREEN = "screen"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    NO_ANSWER = "no_answer"
    IGNORED = "ignored"


# States after which a job must not be alerted again as "new": every one but ``saved``.
SILENCED = frozenset(set(JobStatus) - {JobStatus.SAVED})


class StageChange(BaseModel):
    """One move of a job to a stage, on a date: the tracker's stage history."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    status: JobStatus
    date: date


class StateEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status: JobStatus
    date: date
    notes: str = Field(default="", max_length=4000)
    follow_up: datetime.date | None = None  # `date` is the field above in this class
    history: list[StageChange] = Field(default_factory=list)


class UserState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    profile: str = Field(pattern=PROFILE_PATTERN)
    jobs: dict[str, StateEntry] = Field(default_factory=dict)
    hidden_companies: list[str] = Field(
        default_factory=list, description="companies whose jobs the user never wants to see"
    )


def check_profile_name(name: str) -> str:
    """A profile name is a lowercase slug: it names files and storage keys."""
    if not re.fullmatch(PROFILE_PATTERN, name):
        raise ValueError(f"profile name {name!r} must be a lowercase slug (letters, digits, '-', '_')")
    return name


class UnknownJob(KeyError):
    def __str__(self) -> str:  # KeyError quotes its message; this one is meant to be read
        return str(self.args[0])


def load_user_state(store: ObjectStore, profile: str) -> UserState:
    """The profile's state; an empty one if none is stored yet. Invalid files fail loudly."""
    check_profile_name(profile)
    key = user_state_key(profile)
    try:
        raw = store.get(key)
    except ObjectMissing:
        return UserState(profile=profile)
    try:
        return UserState.model_validate_json(raw)
    except ValueError as exc:
        raise ValueError(f"{store.uri(key)}: invalid user state: {exc}") from None


def save_user_state(store: ObjectStore, state: UserState) -> str:
    return store.put(user_state_key(state.profile), state.model_dump_json(indent=1).encode("utf-8"))


def resolve_job_id(history: pd.DataFrame, job_id: str) -> str:
    """The canonical id for ``job_id`` (itself, or the job that absorbed it) in ``history``."""
    if job_id in set(history["job_id"]):
        return job_id
    for canonical, absorbed in zip(history["job_id"], history["absorbed_ids"], strict=True):
        if job_id in set(absorbed):
            return str(canonical)
    raise UnknownJob(f"job {job_id!r} is not in the job history; check the id (see job_history or shortlist)")


def mark_job(
    store: ObjectStore,
    profile: str,
    job_id: str,
    status: JobStatus | str,
    on: date,
    notes: str = "",
    follow_up: date | None = None,
) -> UserState:
    """Record a status for a (canonical) job id and save atomically; returns the new state.

    A change of stage is appended to the entry's history; the same stage again only updates note
    and dates."""
    valid = [s.value for s in JobStatus]
    if str(status) not in valid:
        raise ValueError(f"status {status!r} is not one of {', '.join(valid)}")
    stage = JobStatus(status)
    state = load_user_state(store, profile)
    before = state.jobs.get(job_id)
    history = list(before.history) if before else []
    if not history or history[-1].status != stage:
        history.append(StageChange(status=stage, date=on))
    state.jobs[job_id] = StateEntry(status=stage, date=on, notes=notes, follow_up=follow_up, history=history)
    state.jobs = dict(sorted(state.jobs.items()))
    save_user_state(store, state)
    return state


def set_company_hidden(store: ObjectStore, profile: str, company: str, hidden: bool = True) -> UserState:
    """Hide (or show again) every job of ``company`` for the profile; saved atomically."""
    name = " ".join(company.split())
    if not name:
        raise ValueError("company must not be empty")
    state = load_user_state(store, profile)
    others = [c for c in state.hidden_companies if c.casefold() != name.casefold()]
    state.hidden_companies = sorted([*others, name] if hidden else others, key=str.casefold)
    save_user_state(store, state)
    return state
