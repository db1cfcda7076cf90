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

Columnar (Arrow, ``pyarrow.compute``): the tables are Arrow from the Parquet they are stored in, and
what costs per row is done a column at a time — de-duplication (``dedup.duplicate_groups``), the
posting's ~30 fields carried into the history (one ``take`` per column), the field hashes (each
distinct value hashed once), the closing rule's inputs, the day's changes (a join on ``job_id``).
The one walk in Python is identity: groups matched to known jobs in representative order, over ids
and the few state fields only, because the rules make it order-dependent (a group can merge two
known jobs, or take a repost match before a later group claims that job by alias), and the
previous row-by-row implementation is kept in the tests as the reference it must equal.
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
import pyarrow.compute as pc

from jobintel_core.base.identity import content_hash
from jobintel_core.history.dedup import dedup_keys, duplicate_groups, similar_descriptions
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
# What the fold reads of a day's ``jobs`` partitions: every column but the HTML.
POSTINGS_SCHEMA = pa.schema(_POSTING_FIELDS)
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


# What ``diff_history`` reads of the previous and the current history.
DIFF_BEFORE_COLUMNS = ["job_id", "status", "parser_version", "content_hash", "field_hashes"]
DIFF_COLUMNS = [
    "job_id",
    "last_seen",
    "status",
    "parser_version",
    "content_hash",
    "field_hashes",
    "provider",
    "company",
    "title",
    "url",
    "first_seen",
]
_BATCH_ROWS = 8192  # rows turned into Python values at a time (field hashes): bounds that memory


def as_table(
    frame: pd.DataFrame | pa.Table | None, schema: pa.Schema, columns: list[str] | None = None
) -> pa.Table:
    """``frame`` as Arrow in ``schema``'s types (only ``columns`` of it, when given); a column the
    frame lacks (a table stored before the column existed) is all null, as the row-by-row fold read it."""
    fields = [schema.field(name) for name in (columns or schema.names)]
    if frame is None:
        return pa.schema(fields).empty_table()
    present = set(frame.columns if isinstance(frame, pd.DataFrame) else frame.column_names)
    arrays = []
    for f in fields:
        if f.name not in present:
            arrays.append(pa.nulls(len(frame), f.type))
        elif isinstance(frame, pd.DataFrame):
            arrays.append(pa.Array.from_pandas(frame[f.name], type=f.type))
        else:
            arrays.append(frame[f.name].cast(f.type))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def field_hashes(table: pa.Table) -> pa.Array:
    """Per row, the JSON map of each content field to the hash of its value (``changed_fields`` is
    read from two of them). A value repeated down a column (a company, a location) is hashed once."""
    names = sorted(CONTENT_FIELDS)
    out = []
    for batch in table.select(names).to_batches(max_chunksize=_BATCH_ROWS):
        pieces: list[Any] = []
        for n, name in enumerate(names):
            memo: dict[Any, str] = {}
            hashes = []
            for value in batch.column(name).to_pylist():
                key = tuple(value) if isinstance(value, list) else value
                found = memo.get(key)
                if found is None:
                    found = memo[key] = content_hash({name: jsonable(value)})
                hashes.append(found)
            pieces += [('{"' if n == 0 else '", "') + name + '": "', pa.array(hashes, pa.string())]
        out.append(pc.binary_join_element_wise(*pieces, '"}', ""))
    return pa.concat_arrays(out) if out else pa.array([], pa.string())


def update_history(
    previous: pd.DataFrame | pa.Table | None,
    postings: pd.DataFrame | pa.Table | None,
    fetched: Iterable[str],
    day: date,
    grace: int = DEFAULT_GRACE_FETCHES,
    drops: DropRule = DropRule(),
) -> tuple[pd.DataFrame, HistoryStats]:
    """The history after ``day``: ``fold_history`` with pandas out (what the IO manager stores)."""
    table, stats = fold_history(
        as_table(previous, HISTORY_SCHEMA), as_table(postings, POSTINGS_SCHEMA), fetched, day, grace, drops
    )
    return frame_of(table), stats


def fold_history(
    previous: pa.Table,
    postings: pa.Table,
    fetched: Iterable[str],
    day: date,
    grace: int = DEFAULT_GRACE_FETCHES,
    drops: DropRule = DropRule(),
) -> tuple[pa.Table, HistoryStats]:
    """The module's rules over Arrow tables in ``HISTORY_SCHEMA`` and ``POSTINGS_SCHEMA``."""
    if grace < 1:
        raise ValueError(f"grace must be at least 1 successful fetch, got {grace}")
    fetched = sorted(set(fetched))
    stats = HistoryStats(providers_fetched=fetched)
    listed = pc.is_in(postings["provider"], value_set=pa.array(fetched, pa.string()))
    today = postings if pc.all(listed).as_py() else postings.filter(listed)
    # Rank order (earliest posted first, undated last: Arrow sorts nulls last, then job_id), stable:
    # a job's best-ranked row is the posting that represents it, and a group's first job its
    # representative. The rows are visited in that order, never copied into it.
    order = pc.sort_indices(today, sort_keys=[("posted_at", "ascending"), ("job_id", "ascending")])
    order = order.to_numpy(zero_copy_only=False)
    state = _FoldState(previous, day)
    stats.suspect_drops = _suspect_drops(previous, today, fetched, drops)
    keys = dedup_keys(today)
    groups = duplicate_groups(
        pa.table(
            {
                "job_id": today["job_id"],
                "url": today["url"],
                "key": keys,
                "description_text": today["description_text"],
            }
        ),
        order,
    )
    today_ids = today["job_id"].to_pylist()
    first_row: dict[str, int] = {}
    for row in order.tolist():
        first_row.setdefault(today_ids[row], row)
    today_hashes, today_providers = today["content_hash"].to_pylist(), today["provider"].to_pylist()
    today_keys = keys.to_pylist()
    today_texts = today["description_text"]

    seen: set[str] = set()
    for group in groups:
        row = first_row[group.representative]
        stats.duplicates_absorbed += len(group.members) - 1
        known = state.known(group.members)
        if not known:
            known = state.repost_match(today_keys[row], today_texts, row, seen)
            stats.merged_reposts += bool(known)
        if known:
            job_id = known[0]
            for other in known[1:]:
                state.merge(job_id, other)
        else:
            job_id = group.representative
            stats.new += 1
            state.add(job_id)
        slot = state.alive[job_id]
        stats.reopened += state.see(slot, row, today_providers[row], today_hashes[row], group.members)
        for member in (job_id, *group.members):
            state.alias_of[member] = job_id
        seen.add(job_id)
    stats.seen = len(seen)
    stats.closed = state.close_unseen(seen, set(fetched), stats.suspect_drops, grace, drops)
    return state.table(today), stats


def _suspect_drops(
    previous: pa.Table, today: pa.Table, fetched: list[str], drops: DropRule
) -> dict[str, int]:
    """Fetched boards that shrank suspiciously today → their streak of suspicious fetches."""
    open_jobs = previous.filter(pc.equal(previous["status"], "open"))
    before = open_jobs.group_by("provider").aggregate([("job_id", "count"), ("suspect_drops", "max")])
    listed = today.group_by("provider").aggregate([("job_id", "count_distinct")])
    listed_now = dict(
        zip(listed["provider"].to_pylist(), listed["job_id_count_distinct"].to_pylist(), strict=True)
    )
    out = {}
    for provider, count, streak in zip(
        before["provider"].to_pylist(),
        before["job_id_count"].to_pylist(),
        before["suspect_drops_max"].to_pylist(),
        strict=True,
    ):
        if provider in fetched and drops.suspicious(count, listed_now.get(provider, 0)):
            out[provider] = 1 + streak
    return dict(sorted(out.items()))


class _FoldState:
    """The fold's per-job state, a slot per job (the previous rows first, then today's new jobs),
    as columns of Python values: ids, dates, counters and the two id/hash lists. A slot's posting
    fields are not copied; ``source`` says where they come from (a previous row, or today's row)."""

    def __init__(self, previous: pa.Table, day: date) -> None:
        self.previous, self.day = previous, day
        self.job_id: list[str] = previous["job_id"].to_pylist()
        self.provider: list[str | None] = previous["provider"].to_pylist()
        self.first_seen: list[date] = previous["first_seen"].to_pylist()
        self.last_seen: list[date | None] = previous["last_seen"].to_pylist()
        self.days_active: list[int] = previous["days_active"].to_pylist()
        self.status: list[str] = previous["status"].to_pylist()
        self.closed_on: list[date | None] = previous["closed_on"].to_pylist()
        self.missed: list[int] = previous["missed_fetches"].to_pylist()
        self.suspect: list[int] = previous["suspect_drops"].to_pylist()
        self.reopened: list[int] = previous["reopened_count"].to_pylist()
        self.hashes: list[list[str]] = previous["content_hashes"].to_pylist()
        self.absorbed: list[list[str]] = previous["absorbed_ids"].to_pylist()
        self.source: list[int] = list(range(previous.num_rows))  # ≥ len(previous): today's row - that
        self.alive: dict[str, int] = {job_id: slot for slot, job_id in enumerate(self.job_id)}
        self.alias_of: dict[str, str] = {}
        for job_id, absorbed in zip(self.job_id, self.absorbed, strict=True):
            for alias in (job_id, *absorbed):
                self.alias_of[alias] = job_id
        self._by_key: dict[str, list[int]] | None = None

    def known(self, members: tuple[str, ...]) -> list[str]:
        """Known jobs the group's ids are (or were absorbed into), oldest first."""
        found = {self.alias_of[m] for m in members if m in self.alias_of and self.alias_of[m] in self.alive}
        return sorted(found, key=lambda j: (self.first_seen[self.alive[j]], j))

    def repost_match(self, key: str, texts: pa.ChunkedArray, row: int, seen: set[str]) -> list[str]:
        """Previous jobs with the key of today's ``row``, not seen today, with near-identical text."""
        if self._by_key is None:  # the previous rows' keys, once, on the first group with no known id
            self._by_key = {}
            for slot, known_key in enumerate(dedup_keys(self.previous).to_pylist()):
                self._by_key.setdefault(known_key, []).append(slot)
        slots = [
            slot
            for slot in self._by_key.get(key, [])
            if self.job_id[slot] in self.alive and self.job_id[slot] not in seen
        ]
        if not slots:
            return []
        text, before = texts[row].as_py() or "", self.previous["description_text"]
        matches = [self.job_id[s] for s in slots if similar_descriptions(text, before[s].as_py() or "")]
        return sorted(matches, key=lambda j: (self.first_seen[self.alive[j]], j))

    def merge(self, winner_id: str, loser_id: str) -> None:
        """Fold a second known job into the first (two histories turned out to be one job)."""
        winner, loser = self.alive[winner_id], self.alive.pop(loser_id)
        self.first_seen[winner] = min(self.first_seen[winner], self.first_seen[loser])
        self.days_active[winner] = max(self.days_active[winner], self.days_active[loser])
        self.absorbed[winner] = sorted({*self.absorbed[winner], loser_id, *self.absorbed[loser]})
        self.hashes[winner] = list(dict.fromkeys([*self.hashes[loser], *self.hashes[winner]]))

    def add(self, job_id: str) -> None:
        """A new job, first seen today (its posting fields follow in ``see``)."""
        self.alive[job_id] = len(self.job_id)
        self.job_id.append(job_id)
        self.provider.append(None)
        self.first_seen.append(self.day)
        self.last_seen.append(None)
        self.days_active.append(0)
        self.status.append("open")
        self.closed_on.append(None)
        self.missed.append(0)
        self.suspect.append(0)
        self.reopened.append(0)
        self.hashes.append([])
        self.absorbed.append([])
        self.source.append(-1)

    def see(self, slot: int, row: int, provider: str, posting_hash: str, members: tuple[str, ...]) -> bool:
        """Today's posting (``row`` of today's table) is this job's; True when that reopens it."""
        self.source[slot] = self.previous.num_rows + row
        self.provider[slot] = provider
        if self.last_seen[slot] != self.day:
            self.days_active[slot] += 1
        self.last_seen[slot] = self.day
        self.missed[slot] = self.suspect[slot] = 0
        reopened = self.status[slot] == "closed"
        if reopened:
            self.status[slot], self.closed_on[slot] = "open", None
            self.reopened[slot] += 1
        if posting_hash not in self.hashes[slot]:
            self.hashes[slot] = [*self.hashes[slot], posting_hash]
        self.absorbed[slot] = sorted({*self.absorbed[slot], *members} - {self.job_id[slot]})
        return reopened

    def close_unseen(
        self, seen: set[str], fetched: set[str], streaks: dict[str, int], grace: int, drops: DropRule
    ) -> int:
        """Count today's absence of every unseen job of a fetched board; close past ``grace``."""
        closed = 0
        for job_id, slot in self.alive.items():
            provider = self.provider[slot]
            if job_id in seen or provider not in fetched or self.last_seen[slot] == self.day:
                continue
            self.suspect[slot] = streak = streaks.get(provider or "", 0)
            if 0 < streak < drops.confirmations:
                continue  # held: not an absence until the drop has repeated
            self.missed[slot] += 1
            if self.status[slot] == "open" and self.missed[slot] >= grace:
                self.status[slot], self.closed_on[slot] = "closed", self.day
                closed += 1
        return closed

    def table(self, today: pa.Table) -> pa.Table:
        """The history: one row per live job, sorted by ``job_id``, in ``HISTORY_SCHEMA``."""
        order = sorted(self.alive)
        slots = [self.alive[job_id] for job_id in order]
        source = np.array([self.source[s] for s in slots], dtype=np.int64)
        take = pa.array(source)
        columns: dict[str, Any] = {"job_id": pa.array(order, pa.string())}
        for f in _POSTING_FIELDS[1:]:
            both = pa.chunked_array([*self.previous[f.name].chunks, *today[f.name].chunks], f.type)
            columns[f.name] = both.take(take)
        for name, values, kind in (
            ("first_seen", self.first_seen, pa.date32()),
            ("last_seen", self.last_seen, pa.date32()),
            ("days_active", self.days_active, pa.int32()),
            ("status", self.status, pa.string()),
            ("closed_on", self.closed_on, pa.date32()),
            ("missed_fetches", self.missed, pa.int32()),
            ("suspect_drops", self.suspect, pa.int32()),
            ("reopened_count", self.reopened, pa.int32()),
            ("content_hashes", self.hashes, pa.list_(pa.string())),
            ("absorbed_ids", self.absorbed, pa.list_(pa.string())),
        ):
            columns[name] = pa.array([values[s] for s in slots], kind)
        # Field hashes: a job seen today gets its posting's, any other keeps its row's.
        touched = np.flatnonzero(source >= self.previous.num_rows)
        fresh = field_hashes(
            pa.table({name: columns[name] for name in CONTENT_FIELDS}).take(pa.array(touched))
        )
        pick = source.copy()
        pick[touched] = self.previous.num_rows + np.arange(len(touched))
        kept = pa.chunked_array([*self.previous["field_hashes"].chunks, fresh], pa.string())
        columns["field_hashes"] = kept.take(pa.array(pick))
        return pa.Table.from_arrays([columns[name] for name in HISTORY_SCHEMA.names], schema=HISTORY_SCHEMA)


def diff_history(
    previous: pd.DataFrame | pa.Table | None, current: pd.DataFrame | pa.Table, day: date
) -> pd.DataFrame:
    """``new``, ``changed`` (with fields), ``closed`` and ``reopened`` on ``day``, by job identity."""
    return frame_of(
        changes_table(
            as_table(previous, HISTORY_SCHEMA, DIFF_BEFORE_COLUMNS),
            as_table(current, HISTORY_SCHEMA, DIFF_COLUMNS),
            day,
        )
    )


def _differ(a: pa.ChunkedArray, b: pa.ChunkedArray) -> pa.ChunkedArray:
    """``a != b`` as Python compares them: null equals null only."""
    unequal = pc.fill_null(pc.not_equal(a, b), True)
    return pc.and_(unequal, pc.invert(pc.and_(pc.is_null(a), pc.is_null(b))))


def changes_table(previous: pa.Table, current: pa.Table, day: date) -> pa.Table:
    """``diff_history`` over Arrow tables holding ``DIFF_BEFORE_COLUMNS`` / ``DIFF_COLUMNS``."""
    before = previous.select(DIFF_BEFORE_COLUMNS).rename_columns(
        ["job_id", *(f"old_{name}" for name in DIFF_BEFORE_COLUMNS[1:])]
    )
    before = before.append_column("old", pa.array(np.ones(len(before), dtype=bool)))
    rows = current.select(DIFF_COLUMNS).join(before, keys="job_id", join_type="left outer")
    known = pc.fill_null(rows["old"], False)
    seen_today = pc.fill_null(pc.equal(rows["last_seen"], pa.scalar(day, pa.date32())), False)
    was, now = pc.fill_null(rows["old_status"], ""), pc.fill_null(rows["status"], "")
    new = pc.and_(pc.invert(known), seen_today)
    reopened = pc.and_(pc.equal(was, "closed"), pc.equal(now, "open"))
    closed = pc.and_(pc.equal(was, "open"), pc.equal(now, "closed"))
    reparsed = pc.and_(known, _differ(rows["old_parser_version"], rows["parser_version"]))
    edited = pc.and_(
        pc.and_(seen_today, known),
        pc.and_(_differ(rows["old_content_hash"], rows["content_hash"]), pc.invert(reparsed)),
    )
    kind = pc.if_else(new, "new", pc.if_else(reopened, "reopened", pc.if_else(closed, "closed", None)))
    kinds = kind.to_pylist()
    fields: list[list[str]] = [[] for _ in range(len(rows))]
    for row in np.flatnonzero(edited.to_numpy(zero_copy_only=False)).tolist():
        old = json.loads(rows["old_field_hashes"][row].as_py())
        new_hashes = json.loads(rows["field_hashes"][row].as_py())
        fields[row] = sorted(f for f in CONTENT_FIELDS if old.get(f) != new_hashes.get(f))
        kinds[row] = kinds[row] or ("changed" if fields[row] else None)
    out = rows.append_column("change", pa.array(kinds, pa.string())).append_column(
        "changed_fields", pa.array(fields, pa.list_(pa.string()))
    )
    out = out.filter(pc.is_valid(out["change"]))
    rank = pa.array([CHANGE_KINDS.index(k) for k in out["change"].to_pylist()], pa.int8())
    out = out.append_column("kind_rank", rank).sort_by(
        [("kind_rank", "ascending"), ("provider", "ascending"), ("job_id", "ascending")]
    )
    out = out.append_column("date", pa.array([day] * len(out), pa.date32()))
    return out.select(CHANGES_SCHEMA.names).cast(CHANGES_SCHEMA)
