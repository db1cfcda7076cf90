"""What the user did about a job, per profile, stored with the other data (local or S3).

``user_state/<profile>.json`` holds ``{job_id: {status, date, notes}}``. Shortlists and alerts read
it: ``applied`` and ``ignored`` jobs are not alerted again, and every state is shown next to its
job. Marks are keyed by the *canonical* job id, so marking a duplicate or a repost's id lands on
the job it was merged into, and a later repost of an ignored job stays ignored.
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from jobintel_core.storage.keys import user_state_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore

PROFILE_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,62}$"


class JobStatus(StrEnum):
    SAVED = "saved"
    APPLIED = "applied"
    INTERVIEWING = "interviewing"
    OFFER = "offer"
    REJECTED = "rejected"
    IGNORED = "ignored"


# States after which a job must not be alerted again as "new".
SILENCED = frozenset(
    {JobStatus.APPLIED, JobStatus.INTERVIEWING, JobStatus.OFFER, JobStatus.REJECTED, JobStatus.IGNORED}
)


class StateEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status: JobStatus
    date: date
    notes: str = Field(default="", max_length=4000)


class UserState(BaseModel):
    model_config = ConfigDict(extra="forbid")

    profile: str = Field(pattern=PROFILE_PATTERN)
    jobs: dict[str, StateEntry] = Field(default_factory=dict)


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
            return canonical
    raise UnknownJob(f"job {job_id!r} is not in the job history; check the id (see job_history or shortlist)")


def mark_job(
    store: ObjectStore, profile: str, job_id: str, status: JobStatus | str, on: date, notes: str = ""
) -> UserState:
    """Record a status for a (canonical) job id and save atomically; returns the new state."""
    valid = [s.value for s in JobStatus]
    if str(status) not in valid:
        raise ValueError(f"status {status!r} is not one of {', '.join(valid)}")
    state = load_user_state(store, profile)
    state.jobs[job_id] = StateEntry(status=JobStatus(status), date=on, notes=notes)
    state.jobs = dict(sorted(state.jobs.items()))
    save_user_state(store, state)
    return state
