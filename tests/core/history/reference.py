"""The row-by-row history fold, as it was before the columnar one (commit 98bbe88): the oracle.

``test_columnar_fold`` runs it beside ``jobintel_core.history.tracking`` on tricky days and requires
the same rows, hashes and statistics. Schemas, rule constants and the de-duplication key and
similarity functions are imported from the modules under test: they are the rules' definitions,
not their implementation. Not for use outside the tests.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from jobintel_core.base.identity import content_hash
from jobintel_core.history.dedup import Candidate, DuplicateGroup, dedup_key, similar_descriptions
from jobintel_core.history.tracking import (
    _POSTING_FIELDS,
    CHANGE_KINDS,
    CHANGES_SCHEMA,
    CONTENT_FIELDS,
    DEFAULT_GRACE_FETCHES,
    HISTORY_SCHEMA,
    DropRule,
    HistoryStats,
)
from jobintel_core.storage.tables import frame_of, jsonable


class _UnionFind:
    def __init__(self, items: Sequence[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def reference_group_duplicates(candidates: Sequence[Candidate]) -> list[DuplicateGroup]:
    """Group candidates that are the same job; deterministic for the same input set."""
    ordered = sorted(candidates, key=lambda c: (c.job_id, c.rank))
    unique_ids = list(dict.fromkeys(c.job_id for c in ordered))
    uf = _UnionFind(unique_ids)
    layer_of: dict[str, str] = {}
    by_id = defaultdict(list)
    for c in ordered:
        by_id[c.job_id].append(c)
    for job_id, same in by_id.items():
        if len(same) > 1:
            layer_of[job_id] = "job_id"
    by_url: dict[str, str] = {}
    for c in ordered:
        if c.url in by_url and uf.find(by_url[c.url]) != uf.find(c.job_id):
            uf.union(by_url[c.url], c.job_id)
            layer_of.setdefault(c.job_id, "url")
        by_url.setdefault(c.url, c.job_id)
    by_key: dict[str, list[Candidate]] = defaultdict(list)
    for c in ordered:
        by_key[c.key].append(c)
    for block in by_key.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if uf.find(a.job_id) != uf.find(b.job_id) and similar_descriptions(a.text, b.text):
                    uf.union(a.job_id, b.job_id)
                    layer_of.setdefault(b.job_id, "content")

    members: dict[str, list[Candidate]] = defaultdict(list)
    for c in ordered:
        members[uf.find(c.job_id)].append(c)
    groups = []
    for group in members.values():
        ids = sorted({c.job_id for c in group})
        best = min(group, key=lambda c: (c.rank, c.job_id))
        layers = {layer_of[i] for i in ids if i in layer_of}
        layer = next((name for name in ("job_id", "url", "content") if name in layers), "single")
        groups.append(DuplicateGroup(best.job_id, tuple(ids), layer))
    return sorted(groups, key=lambda g: g.representative)


def field_hashes(row: dict[str, Any]) -> str:
    return json.dumps({f: content_hash({f: jsonable(row.get(f))}) for f in CONTENT_FIELDS}, sort_keys=True)


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


def reference_update_history(
    previous: pd.DataFrame | None,
    postings: pd.DataFrame,
    fetched: Iterable[str],
    day: date,
    grace: int = DEFAULT_GRACE_FETCHES,
    drops: DropRule | None = None,
) -> tuple[pd.DataFrame, HistoryStats]:
    drops = drops or DropRule()
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
    for group in reference_group_duplicates([_candidate(p) for p in today]):
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


def reference_diff_history(previous: pd.DataFrame | None, current: pd.DataFrame, day: date) -> pd.DataFrame:
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
