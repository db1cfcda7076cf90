"""Job history: one row per canonical job, carried from day to day, and the changes between days.

``update_history(previous, postings, fetched, day)`` is the whole rule set:

* Identity. Today's postings are de-duplicated (``dedup``); each group is matched to an existing
  job by id or alias first, then, for groups with no known id, by the content layer against jobs
  not seen today (a repost under a new id). Otherwise it is a new job, whose ``job_id`` is the
  representative posting's. Ids absorbed into a job stay in ``absorbed_ids`` forever.
* Closing. A job is closed only after it has been absent from ``grace`` consecutive *successful*
  fetches of its provider (``missed_fetches`` counts them). A provider missing from ``fetched``
  (failed, blocked, not run) changes nothing for its jobs.
* Suspicious drops. A fetched board that had at least ``DropRule.min_open`` open jobs and now
  lists none, or lost more than ``max_loss`` of them, is more likely a typo'd board token or a
  broken page than a hiring freeze. Its unseen jobs are held (``suspect_drops`` counts the streak,
  ``missed_fetches`` does not move) until the drop has been seen on ``confirmations`` successful
  fetches in a row; from then on it counts like any other absence.
* Reopening. A closed job seen again is reopened with its history intact (``reopened_count``).

``diff_history(previous, current, day)`` derives ``new|changed|closed|reopened`` by identity.
A row whose ``parser_version`` moved since the previous day is not reported ``changed``: the
board did not change, our reading of it did (the new hash is recorded all the same, so the next
day compares like with like).
Both are pure functions of their inputs, so re-running a date reproduces the same rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from jobintel_core.base.identity import content_hash
from jobintel_core.history.dedup import Candidate, dedup_key, group_duplicates, similar_descriptions
from jobintel_core.ingestion.normalization.jobs_table import JOBS_SCHEMA
from jobintel_core.storage.tables import frame_of, jsonable

DEFAULT_GRACE_FETCHES = 2


@dataclass(frozen=True)
class DropRule:
    """When a board's shrinking is held as suspicious rather than believed."""

    min_open: int = 10  # boards smaller than this may really go to zero
    max_loss: float = 0.5  # losing more than this share of open jobs in one fetch is suspicious
    confirmations: int = 3  # suspicious fetches in a row before the drop is believed

    def __post_init__(self) -> None:
        if self.confirmations < 1 or not 0 < self.max_loss <= 1 or self.min_open < 1:
            raise ValueError(f"invalid drop rule {self}")

    def suspicious(self, open_before: int, listed_now: int) -> bool:
        return open_before >= self.min_open and listed_now < open_before * (1 - self.max_loss)


# What a reader sees: the fields ``changed_fields`` are named from. They mirror the posting's
# content hash (``ingestion.ats.base.build_posting``), which also covers the pay's source field.
CONTENT_FIELDS = (
    "title",
    "company",
    "locations",
    "workplace_type",
    "department",
    "team",
    "employment_type",
    "description_text",
    "compensation_min",
    "compensation_max",
    "compensation_currency",
    "compensation_interval",
)

_POSTING_FIELDS = [f for f in JOBS_SCHEMA if f.name != "description_html"]
HISTORY_SCHEMA = pa.schema(
    [
        *_POSTING_FIELDS,
        pa.field("first_seen", pa.date32()),
        pa.field("last_seen", pa.date32()),
        pa.field("days_active", pa.int32()),
        pa.field("status", pa.string()),
        pa.field("closed_on", pa.date32()),
        pa.field("missed_fetches", pa.int32()),
        pa.field("suspect_drops", pa.int32()),
        pa.field("reopened_count", pa.int32()),
        pa.field("content_hashes", pa.list_(pa.string())),
        pa.field("absorbed_ids", pa.list_(pa.string())),
        pa.field("field_hashes", pa.string()),
    ]
)
CHANGES_SCHEMA = pa.schema(
    [
        ("date", pa.date32()),
        ("job_id", pa.string()),
        ("change", pa.string()),
        ("changed_fields", pa.list_(pa.string())),
        ("provider", pa.string()),
        ("company", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("status", pa.string()),
        ("first_seen", pa.date32()),
    ]
)
CHANGE_KINDS = ("new", "changed", "closed", "reopened")


def field_hashes(row: dict[str, Any]) -> str:
    return json.dumps({f: content_hash({f: jsonable(row.get(f))}) for f in CONTENT_FIELDS}, sort_keys=True)


@dataclass
class HistoryStats:
    seen: int = 0
    new: int = 0
    merged_reposts: int = 0
    duplicates_absorbed: int = 0
    closed: int = 0
    reopened: int = 0
    providers_fetched: list[str] = field(default_factory=list)
    suspect_drops: dict[str, int] = field(default_factory=dict)  # provider → suspicious fetches in a row

    def as_metadata(self) -> dict[str, Any]:
        return dict(self.__dict__)


def _records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    return [{k: _native(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _native(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return [_native(v) for v in value.tolist()]
    if value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def _rank(posting: dict[str, Any]) -> tuple[bool, str, str]:
    posted = posting.get("posted_at")
    return (posted is None, posted.isoformat() if posted is not None else "", posting["job_id"])


def _candidate(posting: dict[str, Any]) -> Candidate:
    return Candidate(
        job_id=posting["job_id"],
        url=posting["url"],
        key=dedup_key(posting["company"], posting["title"], posting.get("locations")),
        text=posting.get("description_text") or "",
        rank=_rank(posting),
    )


def _merge_rows(winner: dict[str, Any], loser: dict[str, Any]) -> None:
    """Fold a second known job into the first (two histories turned out to be one job)."""
    winner["first_seen"] = min(winner["first_seen"], loser["first_seen"])
    winner["days_active"] = max(winner["days_active"], loser["days_active"])
    winner["absorbed_ids"] = sorted({*winner["absorbed_ids"], loser["job_id"], *loser["absorbed_ids"]})
    winner["content_hashes"] = list(dict.fromkeys([*loser["content_hashes"], *winner["content_hashes"]]))


def update_history(
    previous: pd.DataFrame | None,
    postings: pd.DataFrame,
    fetched: Iterable[str],
    day: date,
    grace: int = DEFAULT_GRACE_FETCHES,
    drops: DropRule = DropRule(),
) -> tuple[pd.DataFrame, HistoryStats]:
    if grace < 1:
        raise ValueError(f"grace must be at least 1 successful fetch, got {grace}")
    fetched = sorted(set(fetched))
    stats = HistoryStats(providers_fetched=fetched)
    rows = {r["job_id"]: r for r in _records(previous)}
    open_rows = [r for r in rows.values() if r["status"] == "open"]
    alias_of = {alias: job_id for job_id, r in rows.items() for alias in [job_id, *r["absorbed_ids"]]}
    # Known jobs by dedup key, computed once: repost matching looks up instead of rescanning.
    known_by_key: dict[str, list[str]] = {}
    for job_id, r in rows.items():
        known_by_key.setdefault(dedup_key(r["company"], r["title"], r.get("locations")), []).append(job_id)
    today = [p for p in _records(postings) if p["provider"] in fetched]
    for provider in fetched:
        mine = [r for r in open_rows if r["provider"] == provider]
        listed = len({p["job_id"] for p in today if p["provider"] == provider})
        if drops.suspicious(len(mine), listed):
            stats.suspect_drops[provider] = 1 + max(r["suspect_drops"] for r in mine)
    by_id: dict[str, dict[str, Any]] = {}
    for posting in sorted(today, key=_rank):
        by_id.setdefault(posting["job_id"], posting)

    seen_today: set[str] = set()
    for group in group_duplicates([_candidate(p) for p in today]):
        posting = by_id[group.representative]
        stats.duplicates_absorbed += len(group.members) - 1
        known = sorted(
            {alias_of[m] for m in group.members if m in alias_of and alias_of[m] in rows},
            key=lambda j: (rows[j]["first_seen"], j),
        )
        if not known:
            known = _repost_match(posting, rows, known_by_key, seen_today)
            stats.merged_reposts += bool(known)
        if known:
            job_id = known[0]
            for other in known[1:]:
                _merge_rows(rows[job_id], rows.pop(other))
        else:
            job_id = group.representative
            stats.new += 1
            rows[job_id] = {
                "job_id": job_id,
                "first_seen": day,
                "last_seen": None,
                "days_active": 0,
                "status": "open",
                "closed_on": None,
                "missed_fetches": 0,
                "suspect_drops": 0,
                "reopened_count": 0,
                "content_hashes": [],
                "absorbed_ids": [],
            }
        row = rows[job_id]
        for name in (f.name for f in _POSTING_FIELDS if f.name != "job_id"):
            row[name] = posting.get(name)
        if row["last_seen"] != day:
            row["days_active"] += 1
        row["last_seen"] = day
        row["missed_fetches"] = row["suspect_drops"] = 0
        if row["status"] == "closed":
            row["status"], row["closed_on"] = "open", None
            row["reopened_count"] += 1
            stats.reopened += 1
        if posting["content_hash"] not in row["content_hashes"]:
            row["content_hashes"] = [*row["content_hashes"], posting["content_hash"]]
        row["absorbed_ids"] = sorted({*row["absorbed_ids"], *group.members} - {job_id})
        row["field_hashes"] = field_hashes(row)
        for member in (job_id, *group.members):
            alias_of[member] = job_id
        seen_today.add(job_id)
    stats.seen = len(seen_today)

    for job_id, row in rows.items():
        if job_id in seen_today or row["provider"] not in fetched or row["last_seen"] == day:
            continue
        row["suspect_drops"] = streak = stats.suspect_drops.get(row["provider"], 0)
        if 0 < streak < drops.confirmations:
            continue  # held: not an absence until the drop has repeated
        row["missed_fetches"] += 1
        if row["status"] == "open" and row["missed_fetches"] >= grace:
            row["status"], row["closed_on"] = "closed", day
            stats.closed += 1

    ordered = [rows[k] for k in sorted(rows)]
    table = pa.Table.from_pylist(ordered, schema=HISTORY_SCHEMA)
    return frame_of(table).reset_index(drop=True), stats


def _repost_match(
    posting: dict[str, Any],
    rows: dict[str, dict[str, Any]],
    known_by_key: dict[str, list[str]],
    seen_today: set[str],
) -> list[str]:
    """Known jobs (by the previous history's keys) not seen today, with near-identical text."""
    key = dedup_key(posting["company"], posting["title"], posting.get("locations"))
    text = posting.get("description_text") or ""
    matches = [
        job_id
        for job_id in known_by_key.get(key, [])
        if job_id in rows
        and job_id not in seen_today
        and similar_descriptions(text, rows[job_id].get("description_text") or "")
    ]
    return sorted(matches, key=lambda j: (rows[j]["first_seen"], j))


def diff_history(previous: pd.DataFrame | None, current: pd.DataFrame, day: date) -> pd.DataFrame:
    """``new``, ``changed`` (with fields), ``closed`` and ``reopened`` on ``day``, by job identity."""
    before = {r["job_id"]: r for r in _records(previous)}
    out = []
    for row in _records(current):
        old = before.get(row["job_id"])
        seen_today = row["last_seen"] == day
        change, fields = None, []
        if old is None:
            change = "new" if seen_today else None
        elif old["status"] == "closed" and row["status"] == "open":
            change = "reopened"
        elif old["status"] == "open" and row["status"] == "closed":
            change = "closed"
        reparsed = old is not None and old.get("parser_version") != row.get("parser_version")
        if seen_today and old is not None and old["content_hash"] != row["content_hash"] and not reparsed:
            old_hashes, new_hashes = json.loads(old["field_hashes"]), json.loads(row["field_hashes"])
            fields = sorted(f for f in CONTENT_FIELDS if old_hashes.get(f) != new_hashes.get(f))
            change = change or ("changed" if fields else None)
        if change:
            out.append(
                {
                    "date": day,
                    "job_id": row["job_id"],
                    "change": change,
                    "changed_fields": fields,
                    "provider": row["provider"],
                    "company": row["company"],
                    "title": row["title"],
                    "url": row["url"],
                    "status": row["status"],
                    "first_seen": row["first_seen"],
                }
            )
    out.sort(key=lambda r: (CHANGE_KINDS.index(r["change"]), r["provider"], r["job_id"]))
    return frame_of(pa.Table.from_pylist(out, schema=CHANGES_SCHEMA)).reset_index(drop=True)
