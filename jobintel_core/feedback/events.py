"""Ratings and outcomes: what a person told us about a job, as events the preference learner reads.

Two kinds, one shape (``profile``, canonical ``job_id``, ``on`` a date), both append-only:

* **Ratings** (1–5 stars; optional fit / interest / location / pay, 1–10; a comment) have a log of
  their own, ``user_state/<profile>/ratings.jsonl``: one JSON event a line, appended by
  ``record_rating`` (the whole object is rewritten by one atomic ``put``, so a reader sees the log
  before or after the event, never half of it). A re-rating is a new event; the learner decides
  which counts.
* **Outcomes** (applied, screen, interviewing, offer, rejected, withdrawn, no_answer) are the
  tracker's stage history, ``user_state/<profile>.json``: the web app's tracker, ``jobintel mark``
  and ``jobintel outcome`` all record a stage through ``mark_job``, which appends the change to the
  entry's history, and ``read_outcomes`` reads that history. One truth: there is no second outcome
  log that could disagree with the tracker, and every stage marked before ratings existed is an
  outcome already (docs/feedback.md, "Outcomes are the tracker's history").

Reading never loses good events for a bad one: a line (or tracker entry) that does not validate is
skipped and reported as ``<uri>:<line>: <field>: <message>`` in ``EventLog.problems``. The messages
name fields, never values: a rating's comment must not reach a log through its error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any, Generic, TypeVar

import pandas as pd
import pyarrow as pa
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from jobintel_core.matching.profiles.user_state import (
    PROFILE_PATTERN,
    JobStatus,
    StateEntry,
    check_profile_name,
    load_user_state,
    mark_job,
)
from jobintel_core.storage.keys import ratings_log_key, user_state_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.storage.tables import frame_of

# The tracker's stages that are outcomes: all but ``saved`` (a bookmark) and ``ignored`` ("not
# interested", which hides a job but says nothing about applying).
OUTCOME_STAGES: tuple[JobStatus, ...] = tuple(
    s for s in JobStatus if s not in {JobStatus.SAVED, JobStatus.IGNORED}
)
STARS = (1, 5)
SCALE = (1, 10)
ASPECTS = ("fit", "interest", "location", "pay")  # the optional 1–10 sub-ratings
COMMENT_MAX = 2000

E = TypeVar("E", bound=BaseModel)


class _JobEvent(BaseModel):
    """Whose event about which job: the fields every event starts with."""

    profile: str = Field(pattern=PROFILE_PATTERN)
    job_id: str = Field(min_length=1, max_length=200, description="canonical id (aliases resolved)")


class RatingValues(BaseModel):
    """What a rating says (stars, the optional sub-ratings, a comment) with its limits: one
    definition for the event and for the app's form and API body."""

    stars: int = Field(ge=STARS[0], le=STARS[1])
    fit: int | None = Field(default=None, ge=SCALE[0], le=SCALE[1])
    interest: int | None = Field(default=None, ge=SCALE[0], le=SCALE[1])
    location: int | None = Field(default=None, ge=SCALE[0], le=SCALE[1])
    pay: int | None = Field(default=None, ge=SCALE[0], le=SCALE[1])
    comment: str = Field(default="", max_length=COMMENT_MAX)


# Bases in this order keep the stored field order: profile, job_id, the values, on.
class Rating(RatingValues, _JobEvent):
    """One rating of a job by a profile on a day."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    on: date


def _an_outcome_stage(value: Any) -> JobStatus:
    if str(value) not in {s.value for s in OUTCOME_STAGES}:
        raise ValueError(f"must be one of {', '.join(s.value for s in OUTCOME_STAGES)}")
    return JobStatus(value)


# A tracker stage that is an outcome: ``JobStatus`` itself (not a copy of it), narrowed.
OutcomeStage = Annotated[JobStatus, BeforeValidator(_an_outcome_stage)]


class Outcome(_JobEvent):
    """One move of a job to an outcome stage of the tracker, on a day."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    stage: OutcomeStage
    on: date


@dataclass(frozen=True)
class EventLog(Generic[E]):
    """A profile's events as read: the valid ones in file order, and one problem per skipped line."""

    events: list[E] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def validation_summary(exc: ValidationError) -> str:
    """``field: message`` for each error, without the offending values (which may be personal)."""
    return "; ".join(
        f"{'.'.join(str(part) for part in error['loc']) or 'event'}: {error['msg']}" for error in exc.errors()
    )


def _stored(store: ObjectStore, key: str) -> bytes | None:
    """The object's bytes, or None where nothing is stored yet (no events: not an error)."""
    try:
        return store.get(key)
    except ObjectMissing:
        return None


def _profile_log(store: ObjectStore, profile: str, key_of: Callable[[str], str]) -> tuple[bytes, str] | None:
    """The bytes and URI of the profile's log at ``key_of(profile)``; None where there is none yet."""
    check_profile_name(profile)
    key = key_of(profile)
    raw = _stored(store, key)
    return None if raw is None else (raw, store.uri(key))


def record_rating(store: ObjectStore, rating: Rating) -> Rating:
    """Append ``rating`` to its profile's log and save atomically (read, append, one ``put``).

    Lines already in the log are kept byte for byte, malformed ones included (they stay reported,
    not silently dropped); a last line without its newline gets one, so the new event stands alone."""
    key = ratings_log_key(rating.profile)
    before = _stored(store, key) or b""
    if before and not before.endswith(b"\n"):
        before += b"\n"
    store.put(key, before + rating.model_dump_json().encode("utf-8") + b"\n")
    return rating


def read_ratings(store: ObjectStore, profile: str) -> EventLog[Rating]:
    """The profile's ratings, in the order they were recorded; none if nothing was rated yet."""
    found = _profile_log(store, profile, ratings_log_key)
    if found is None:
        return EventLog()
    raw, uri = found
    log: EventLog[Rating] = EventLog()
    for number, line in enumerate(raw.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            rating = Rating.model_validate_json(line)
        except ValidationError as exc:
            log.problems.append(f"{uri}:{number}: {validation_summary(exc)}")
            continue
        if rating.profile != profile:
            log.problems.append(
                f"{uri}:{number}: profile: an event of {rating.profile!r} in {profile!r}'s log"
            )
            continue
        log.events.append(rating)
    return log


def record_outcome(store: ObjectStore, outcome: Outcome, note: str | None = None) -> Outcome:
    """Move the job to ``outcome.stage`` in the tracker through ``mark_job`` (the tracker's one write
    path), with ``note`` (None keeps the entry's note; its follow-up date is kept); returns the
    outcome as the history holds it.

    Marking the stage a job is already at adds no event (the tracker's rule): the outcome returned
    is then the earlier one, with its date."""
    entry = load_user_state(store, outcome.profile).jobs.get(outcome.job_id)
    kept = entry.notes if entry else ""
    state = mark_job(
        store,
        outcome.profile,
        outcome.job_id,
        outcome.stage,
        outcome.on,
        notes=kept if note is None else note,
        follow_up=entry.follow_up if entry else None,
    )
    last = state.jobs[outcome.job_id].history[-1]
    return Outcome(profile=outcome.profile, job_id=outcome.job_id, stage=last.status, on=last.date)


def read_outcomes(store: ObjectStore, profile: str) -> EventLog[Outcome]:
    """The outcome stages of the profile's tracker history, job by job (ids in stored order), each
    job's changes in the order they were made.

    Read entry by entry, so one invalid entry is reported (``<uri>:<line>: jobs.<id>.<field>: …``)
    and the others kept. An entry stored before the tracker kept a history counts as one outcome:
    its stage on its date."""
    found = _profile_log(store, profile, user_state_key)
    if found is None:
        return EventLog()
    raw, uri = found
    log: EventLog[Outcome] = EventLog()
    try:
        document = json.loads(raw)
    except json.JSONDecodeError as exc:
        log.problems.append(f"{uri}:{exc.lineno}: event: not JSON ({exc.msg})")
        return log
    except UnicodeDecodeError:
        log.problems.append(f"{uri}:1: event: not UTF-8 text")
        return log
    jobs = document.get("jobs", {}) if isinstance(document, dict) else None
    if not isinstance(jobs, dict):
        log.problems.append(f"{uri}:1: jobs: not an object of job ids to tracker entries")
        return log
    lines = _entry_lines(raw)
    for job_id, raw_entry in jobs.items():
        where = f"{uri}:{lines.get(job_id, 1)}"
        try:
            entry = StateEntry.model_validate(raw_entry)
        except ValidationError as exc:
            log.problems.append(f"{where}: jobs.{job_id}.{validation_summary(exc)}")
            continue
        changes = [(c.status, c.date) for c in entry.history] or [(entry.status, entry.date)]
        log.events.extend(
            Outcome(profile=profile, job_id=job_id, stage=stage, on=on)
            for stage, on in changes
            if stage in OUTCOME_STAGES
        )
    return log


_ENTRY_START = re.compile(r'^  ("(?:[^"\\]|\\.)*"): \{$')


def _entry_lines(raw: bytes) -> dict[str, int]:
    """The line on which each tracker entry starts in a file ``save_user_state`` wrote (indented one
    space a level, so an entry's key is the only thing indented two); else line 1 is named."""
    starts: dict[str, int] = {}
    for number, line in enumerate(raw.decode("utf-8", errors="replace").splitlines(), start=1):
        found = _ENTRY_START.match(line)
        if found:
            starts.setdefault(json.loads(found.group(1)), number)
    return starts


# The exports read by the warehouse (``ratings`` / ``outcomes`` assets). A comment is personal text
# the funnel does not need: only whether there is one leaves the log.
RATINGS_SCHEMA = pa.schema(
    [
        ("profile", pa.string()),
        ("seq", pa.int32()),  # the event's position among the profile's valid ratings, from 0
        ("job_id", pa.string()),
        ("on", pa.date32()),
        ("stars", pa.int8()),
        *[(name, pa.int8()) for name in ASPECTS],
        ("has_comment", pa.bool_()),
    ]
)
OUTCOMES_SCHEMA = pa.schema(
    [
        ("profile", pa.string()),
        ("job_id", pa.string()),
        ("step", pa.int32()),  # the change's position in the job's stage history, from 0
        ("stage", pa.string()),
        ("on", pa.date32()),
    ]
)


def ratings_table(logs: dict[str, EventLog[Rating]], through: date) -> pd.DataFrame:
    """Every profile's ratings on or before ``through``, by profile then log order."""
    rows = [
        {
            "profile": profile,
            "seq": seq,
            "job_id": r.job_id,
            "on": r.on,
            "stars": r.stars,
            **{name: getattr(r, name) for name in ASPECTS},
            "has_comment": bool(r.comment.strip()),
        }
        for profile in sorted(logs)
        for seq, r in enumerate(logs[profile].events)
        if r.on <= through
    ]
    return frame_of(pa.Table.from_pylist(rows, schema=RATINGS_SCHEMA))


def outcomes_table(logs: dict[str, EventLog[Outcome]], through: date) -> pd.DataFrame:
    """Every profile's outcomes on or before ``through``, by profile, job and order of change."""
    rows = []
    for profile in sorted(logs):
        steps: dict[str, int] = {}
        for o in logs[profile].events:
            step = steps[o.job_id] = steps.get(o.job_id, -1) + 1
            if o.on <= through:
                rows.append(
                    {"profile": profile, "job_id": o.job_id, "step": step, "stage": o.stage.value, "on": o.on}
                )
    rows.sort(key=lambda row: (row["profile"], row["job_id"], row["step"]))
    return frame_of(pa.Table.from_pylist(rows, schema=OUTCOMES_SCHEMA))
