"""The app's reads: one stored day's shortlist, scores, history and changes for a profile, joined into
the views of ``views``. Tables come through ``storage.tables`` (the one reader); a page reads only the
partitions it shows (Today: the day's four tables; a job page: those, the job's ``jobs`` partition and
the change partitions of the days it was seen), of each only the columns it shows, and keeps only the
rows it shows before anything becomes pandas (``_subset``): at 2,000 boards a day's history is ~51,000
rows and its scores that many per profile, and converting them whole cost more than the page.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from jobintel_core.matching.embeddings.encoder import TextEncoder
from jobintel_core.matching.embeddings.search import IndexCache, search_index
from jobintel_core.matching.embeddings.vector_index import EXACT, IndexPolicy
from jobintel_core.matching.profiles.profile import Profile, load_profile
from jobintel_core.matching.profiles.user_state import (
    PROFILE_PATTERN,
    JobStatus,
    UserState,
    load_user_state,
    resolve_job_id,
)
from jobintel_core.matching.scoring.explanations import explanation
from jobintel_core.storage.keys import HISTORY, stored_dates, table_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.storage.tables import frame_of, table_from_parquet
from jobintel_core.web.forms import TodayFilters
from jobintel_core.web.sanitize import clean_description
from jobintel_core.web.views import (
    ChangeRow,
    Changes,
    Component,
    JobPage,
    Pay,
    Search,
    SearchHit,
    Today,
    TodayRow,
    Tracker,
    TrackerRow,
    Version,
)

SHORTLIST, SCORES, CHANGES, JOBS = "shortlist", "job_scores", "job_changes", "jobs"
TODAY_HISTORY_COLUMNS = [
    "job_id",
    "locations",
    "workplace_type",
    "compensation_min",
    "compensation_max",
    "compensation_currency",
    "compensation_interval",
    "status",
]
JOB_HISTORY_COLUMNS = [
    *TODAY_HISTORY_COLUMNS,
    *("title", "company", "url", "apply_url", "employment_type", "provider", "first_seen", "last_seen"),
    *("closed_on", "reopened_count", "absorbed_ids"),
]
# Stages a user put away: their jobs leave Today at once (the next rescore drops them too).
# How many of the profile's best-scored jobs the skill suggestions are read from.
SUGGESTION_JOBS = 40
PUT_AWAY = frozenset({JobStatus.IGNORED, JobStatus.REJECTED, JobStatus.WITHDRAWN})


class NotFound(LookupError):
    """An unknown profile, job or day: the app answers 404 with this message."""


Keep = Callable[[pa.Table], pa.ChunkedArray]  # the rows of a stored table a page shows


def among(column: str, values: Iterable[str]) -> Keep:
    """Rows whose ``column`` is one of ``values``."""
    wanted = pa.array(sorted(set(values)), pa.string())
    return lambda table: pc.is_in(table[column], value_set=wanted)


def equal(**values: str) -> Keep:
    """Rows whose columns hold all of ``values`` (``profile="alex", job_id="…"``)."""

    def keep(table: pa.Table) -> pa.ChunkedArray:
        masks = [pc.equal(table[column], value) for column, value in values.items()]
        mask = masks[0]
        for more in masks[1:]:
            mask = pc.and_(mask, more)
        return mask

    return keep


def _narrowed(table: pa.Table, keep: Keep | None) -> pa.Table:
    """``table``'s kept rows, typed as the whole table converts to pandas: an integer column with a
    null anywhere in the day is float in pandas (``NaN``), so it is made float when the kept rows
    have none (a page shows ``2.0`` the same whichever rows it read)."""
    if keep is None:
        return table
    kept = table.filter(keep(table))
    for position, field in enumerate(kept.schema):
        if pa.types.is_integer(field.type) and table.column(position).null_count:
            kept = kept.set_column(position, field.name, kept.column(position).cast(pa.float64()))
    return kept


def _subset(table: pa.Table, keep: Keep | None) -> pd.DataFrame:
    """``table``'s kept rows as pandas (``_narrowed``)."""
    return frame_of(_narrowed(table, keep))


class TableCache:
    """Decoded stored tables, each under its key, the columns read and the profile its rows were
    narrowed to, with the digest of the bytes they were decoded from. A request still reads the
    bytes (a rescore rewrites a table in place, and the store gives no version to check a kept one
    against) but hashes them (~0.7 ms a MB) instead of decoding them (~10 ms a MB); other bytes, a new
    decode. At most ``budget`` bytes of Arrow data, the least recently used dropped first; a table
    over half of it is never kept. At 2,000 boards a page's tables take ~65 MB (one profile's
    scores 21 MB, the history's columns 23 MB, 90 days of changes 20 MB)."""

    def __init__(self, budget: int = 256 * 2**20) -> None:
        self.budget = budget
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple[str, tuple[str, ...] | None, str | None], tuple[bytes, pa.Table]] = (
            OrderedDict()
        )
        self._size = 0

    def table(
        self, store: ObjectStore, key: str, columns: list[str] | None = None, profile: str | None = None
    ) -> pa.Table:
        data = store.get(key)
        digest = hashlib.sha256(data).digest()  # SHA-NI: 2x BLAKE2b here
        name = (key, tuple(columns) if columns else None, profile)
        with self._lock:
            kept = self._kept.get(name)
            if kept is not None and kept[0] == digest:
                self._kept.move_to_end(name)
                return kept[1]
        table = table_from_parquet(data, columns=columns)
        if profile is not None:
            table = _narrowed(table, equal(profile=profile))
        if table.nbytes <= self.budget // 2:
            with self._lock:
                if (old := self._kept.pop(name, None)) is not None:
                    self._size -= old[1].nbytes
                self._kept[name] = (digest, table)
                self._size += table.nbytes
                while self._size > self.budget:
                    _, (_, dropped) = self._kept.popitem(last=False)
                    self._size -= dropped.nbytes
        return table


def _known(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value))


def _pay(history_row: Mapping[str, Any], score_row: Mapping[str, Any] | None) -> Pay | None:
    low, high = history_row.get("compensation_min"), history_row.get("compensation_max")
    if not _known(low) and not _known(high):
        return None
    amounts = "–".join(f"{v:,.0f}" for v in dict.fromkeys(v for v in (low, high) if _known(v)))
    currency = history_row.get("compensation_currency") or ""
    interval = history_row.get("compensation_interval") or ""
    original = " ".join(p for p in (amounts, currency, f"per {interval}" if interval else "") if p)
    converted = score_row.get("pay_yearly") if score_row is not None else None
    if score_row is None or converted is None or not _known(converted):
        return Pay(original=original)
    return Pay(original=original, yearly_converted=float(converted), currency=score_row.get("pay_currency"))


def _places(history_row: Mapping[str, Any]) -> list[str]:
    return [str(p) for p in history_row.get("locations", [])]


def _components(score_row: Mapping[str, Any]) -> list[Component]:
    parts = explanation(score_row)["components"]
    return [
        Component(
            name=name,
            points=round(float(c["points"]), 1),
            low=c["range"][0],
            high=c["range"][1],
            why=c["why"],
        )
        for name, c in parts.items()
    ]


class WebReader:
    """Reads for one store and profile folder; every method re-reads storage (tables are rewritten
    in place by a rescore, and the store gives no version to check a kept table against, so no
    table is kept between requests; the day's stored search index is kept while its manifest names
    the same object)."""

    def __init__(
        self,
        store: ObjectStore,
        profiles_dir: Path,
        encoder: TextEncoder | None = None,
        index_policy: IndexPolicy = EXACT,
    ) -> None:
        self.store = store
        self.profiles_dir = Path(profiles_dir)
        self.encoder, self.index_policy = encoder, index_policy  # search only: the model loads on first use
        self._index_cache = IndexCache()  # the day's stored index, loaded on the first search of it
        self._tables = TableCache()
        self._profiles: dict[Path, tuple[int, Profile]] = {}  # parsed files by modification time

    # Profiles and state ---------------------------------------------------------------------------
    def profile_names(self) -> list[str]:
        """The profile files' names; a file is parsed only when its profile is shown."""
        if not self.profiles_dir.is_dir():
            return []
        return sorted(
            p.stem for p in self.profiles_dir.glob("*.yaml") if re.fullmatch(PROFILE_PATTERN, p.stem)
        )

    def profile(self, name: str) -> Profile:
        """The parsed profile, parsed again only when its file changed (YAML parsing costs ~10 ms)."""
        path = self.profiles_dir / f"{name}.yaml"
        if not re.fullmatch(PROFILE_PATTERN, name) or not path.is_file():
            raise NotFound(f"no profile {name!r}")
        stamp = path.stat().st_mtime_ns
        cached = self._profiles.get(path)
        if cached is None or cached[0] != stamp:
            cached = self._profiles[path] = (stamp, load_profile(path))
        return cached[1]

    def state(self, profile: str) -> UserState:
        return load_user_state(self.store, profile)

    # Days and tables ------------------------------------------------------------------------------
    def latest_day(self) -> date | None:
        dates = stored_dates(self.store, SHORTLIST)
        return dates[-1] if dates else None

    def _arrow(
        self, asset: str, day: date, columns: list[str] | None = None, profile: str | None = None
    ) -> pa.Table:
        """A stored daily table, only ``columns`` (all when None), only ``profile``'s rows when given."""
        return self._tables.table(self.store, table_key(asset, day.isoformat()), columns, profile)

    def _table(
        self,
        asset: str,
        day: date,
        columns: list[str] | None = None,
        keep: Keep | None = None,
        profile: str | None = None,
    ) -> pd.DataFrame:
        """``_arrow``, then only the rows ``keep`` keeps, as pandas."""
        return _subset(self._arrow(asset, day, columns, profile), keep)

    def history(self, day: date, columns: list[str] | None = None, keep: Keep | None = None) -> pd.DataFrame:
        return self._table(HISTORY, day, columns, keep)

    def canonical_id(self, job_id: str, day: date | None = None) -> str:
        """The canonical id of ``job_id`` (a duplicate's or repost's id works) in the day's history."""
        day = day or self.latest_day()
        if day is None:
            raise NotFound("nothing stored yet: run `make run` first")
        return _resolve(self._arrow(HISTORY, day, ["job_id", "absorbed_ids"]), job_id, day)

    # Today ----------------------------------------------------------------------------------------
    def today(self, profile: str, filters: TodayFilters) -> Today:
        self.profile(profile)
        state = self.state(profile)
        day = self.latest_day()
        if day is None:
            return Today(
                profile=profile, day=None, rows=[], hidden_companies=state.hidden_companies, companies=[]
            )
        shortlist = self._table(SHORTLIST, day, keep=equal(profile=profile))
        wanted = set(shortlist["job_id"])  # rows as dicts once: per-row pandas lookups cost ~1 ms each
        scores = self._table(SCORES, day, keep=among("job_id", wanted), profile=profile)
        score_of = {row["job_id"]: row for row in scores.to_dict("records")}
        history = self.history(day, TODAY_HISTORY_COLUMNS, among("job_id", wanted))
        job_of = {row["job_id"]: row for row in history.to_dict("records")}
        changes = self._table(CHANGES, day, ["job_id", "change"], among("job_id", wanted))
        change_of = dict(zip(changes["job_id"], changes["change"], strict=True))
        hidden = {c.casefold() for c in state.hidden_companies}
        rows: list[TodayRow] = []
        for item in shortlist.to_dict("records"):
            job_id = item["job_id"]
            entry = state.jobs.get(job_id)
            if (entry and entry.status in PUT_AWAY) or str(item["company"]).casefold() in hidden:
                continue
            job = job_of.get(job_id, {})
            score = score_of.get(job_id)
            rows.append(
                self._today_row(item, job, score, entry.status.value if entry else None, change_of, day)
            )
        companies = sorted({r.company for r in rows}, key=str.casefold)
        return Today(
            profile=profile,
            day=day,
            rows=_filtered(rows, filters),
            hidden_companies=state.hidden_companies,
            companies=companies,
        )

    @staticmethod
    def _today_row(
        item: Mapping[str, Any],
        job: Mapping[str, Any],
        score: Mapping[str, Any] | None,
        user_status: str | None,
        change_of: Mapping[str, str],
        day: date,
    ) -> TodayRow:
        change = change_of.get(item["job_id"])
        badges = [
            label
            for label, shown in (
                ("NEW", bool(item["is_new"])),
                ("CHANGED", change == "changed"),
                ("REPOSTED", change == "reopened"),
            )
            if shown
        ]
        first_seen = item["first_seen"]
        return TodayRow(
            rank=int(item["rank"]),
            job_id=item["job_id"],
            score=round(float(item["score"]), 1),
            title=item["title"],
            company=item["company"],
            url=item["url"],
            places=_places(job),
            workplace=job.get("workplace_type") or "unknown",
            pay=_pay(job, score) if job else None,
            first_seen=first_seen,
            age_days=(day - first_seen).days,
            badges=badges,
            user_status=user_status,
            reasons=[r for r in str(item["reasons"]).split("; ") if r],
            components=_components(score) if score is not None else [],
            job_status=job.get("status") or "open",
        )

    # A job ----------------------------------------------------------------------------------------
    def job(self, profile: str, job_id: str) -> JobPage:
        self.profile(profile)
        day = self.latest_day()
        if day is None:
            raise NotFound("nothing stored yet: run `make run` first")
        history = self._arrow(HISTORY, day, JOB_HISTORY_COLUMNS)
        canonical = _resolve(history, job_id, day)
        job = _subset(history, equal(job_id=canonical)).iloc[0].to_dict()
        mine = self._table(SCORES, day, keep=equal(job_id=canonical), profile=profile)
        score = mine.iloc[0].to_dict() if len(mine) else None
        entry = self.state(profile).jobs.get(canonical)
        whole = explanation(score) if score is not None else None
        return JobPage(
            profile=profile,
            day=day,
            job_id=canonical,
            title=job["title"],
            company=job["company"],
            url=job["url"],
            apply_url=job.get("apply_url") or None,
            places=_places(job),
            workplace=job.get("workplace_type") or "unknown",
            employment_type=job.get("employment_type") or None,
            pay=_pay(job, score),
            description_html=self._description(job),
            score=round(float(score["score"]), 1) if score is not None else None,
            excluded=whole["excluded"] if whole else None,
            components=_components(score) if score is not None else [],
            cosine=float(score["cosine"]) if score is not None and _known(score["cosine"]) else None,
            first_seen=job["first_seen"],
            last_seen=job["last_seen"],
            job_status=job["status"],
            closed_on=job["closed_on"] if _known(job.get("closed_on")) else None,
            reopened_count=int(job["reopened_count"]),
            versions=self._versions(canonical, job["first_seen"], day),
            absorbed_ids=[str(i) for i in job["absorbed_ids"]],
            user_status=entry.status.value if entry else None,
            notes=entry.notes if entry else "",
            follow_up=entry.follow_up if entry else None,
            stage_history=list(entry.history) if entry else [],
        )

    def _description(self, job: Mapping[str, Any]) -> str:
        """The posting's HTML from the ``jobs`` partition of the day it was last seen, sanitized; its
        plain text (escaped by the template) when that partition is gone (retention)."""
        ids = {job["job_id"], *job["absorbed_ids"]}
        key = table_key(JOBS, f"{job['last_seen'].isoformat()}/{job['provider']}")
        try:
            table = table_from_parquet(self.store.get(key), columns=["job_id", "description_html"])
        except ObjectMissing:
            return ""
        found = _subset(table, among("job_id", ids))
        return clean_description(str(found.iloc[0]["description_html"] or "")) if len(found) else ""

    def _versions(self, job_id: str, first_seen: date, day: date) -> list[Version]:
        """The job's changes, one per day it changed, from the change partitions it was seen in."""
        stored = set(stored_dates(self.store, CHANGES))
        versions = []
        current = first_seen
        while current <= day:
            if current in stored:
                table = self._arrow(CHANGES, current, ["job_id", "change", "changed_fields"])
                for row in table.filter(pc.equal(table["job_id"], job_id)).to_pylist():  # no pandas: ~90 days
                    versions.append(
                        Version(day=current, change=row["change"], changed_fields=list(row["changed_fields"]))
                    )
            current += timedelta(days=1)
        return versions

    # Search ---------------------------------------------------------------------------------------
    def search(self, profile: str, query: str, k: int) -> Search:
        """The day's index searched for ``query``, with the profile's score beside each hit."""
        self.profile(profile)
        day = self.latest_day()
        if day is None or self.encoder is None:
            return Search(profile=profile, query=query, day=day, hits=[])
        index = self._index_cache.load(self.store, day, self.index_policy)
        hits = search_index(index, query, self.encoder, k)
        wanted = {job_id for job_id, _ in hits}
        history = self.history(day, ["job_id", "title", "company"], among("job_id", wanted))
        job_of = {r["job_id"]: r for r in history.to_dict("records")}
        columns = ["profile", "job_id", "score", "excluded"]
        mine = self._table(SCORES, day, columns, among("job_id", wanted), profile)
        score_of = {r["job_id"]: r for r in mine.to_dict("records")}
        return Search(
            profile=profile,
            query=query,
            day=day,
            hits=[
                SearchHit(
                    rank=rank,
                    job_id=job_id,
                    cosine=round(cosine, 3),
                    title=job_of[job_id]["title"],
                    company=job_of[job_id]["company"],
                    score=None
                    if job_id not in score_of or score_of[job_id]["excluded"]
                    else round(float(score_of[job_id]["score"]), 1),
                    excluded=bool(score_of.get(job_id, {}).get("excluded", False)),
                )
                for rank, (job_id, cosine) in enumerate(hits, start=1)
                if job_id in job_of
            ],
        )

    # Changes --------------------------------------------------------------------------------------
    def changes(self) -> Changes:
        """The latest day's changes, in the order the pipeline stored them (new, changed, closed, reopened)."""
        day = self.latest_day()
        if day is None:
            return Changes(day=None, rows=[])
        rows = [
            ChangeRow(
                job_id=row["job_id"],
                change=row["change"],
                changed_fields=list(row["changed_fields"]),
                title=row["title"],
                company=row["company"],
                provider=row["provider"],
                url=row["url"],
            )
            for row in self._table(CHANGES, day).to_dict("records")
        ]
        return Changes(day=day, rows=rows)

    # Tracker --------------------------------------------------------------------------------------
    def suggested_skills(self, profile: Profile | None, limit: int = 15) -> list[str]:
        """Skills the day's best jobs for this profile ask for most, not yet in the profile: the
        settings page offers them beside the skill fields. Read from the ``skills`` column the
        vocabulary filled at ingestion, so a suggestion is always a name the scorer knows. A new
        profile (no scores yet) gets the skills most asked for across the day's open jobs."""
        day = self.latest_day()
        if day is None:
            return []
        jobs = self.history(day, ["job_id", "status", "skills"])
        jobs = jobs[jobs["status"] == "open"]
        if profile is not None:
            scores = self._table(SCORES, day, ["profile", "job_id", "score"], profile=profile.name)
            scores = scores[scores["score"] > 0]
            best = scores.nlargest(SUGGESTION_JOBS, "score")["job_id"]
            jobs = jobs[jobs["job_id"].isin(set(best))]
        have = {s.casefold() for s in profile.must_have + profile.nice_to_have} if profile else set()
        counts = pd.Series([s for skills in jobs["skills"] for s in skills], dtype=object).value_counts()
        ranked = sorted(counts.items(), key=lambda item: (-item[1], str(item[0]).casefold()))
        return [str(skill) for skill, _ in ranked if str(skill).casefold() not in have][:limit]

    def tracker(self, profile: str) -> Tracker:
        """Every job the user acted on, closed ones included (marked, never dropped)."""
        self.profile(profile)
        state = self.state(profile)
        day = self.latest_day()
        columns = ["job_id", "title", "company", "url", "status"]
        history = (
            self.history(day, columns, among("job_id", state.jobs)) if day else pd.DataFrame(columns=columns)
        )
        job_of = {row["job_id"]: row for row in history.to_dict("records")}
        rows = []
        for job_id, entry in state.jobs.items():
            job = job_of.get(job_id, {})
            rows.append(
                TrackerRow(
                    job_id=job_id,
                    title=job.get("title", job_id),
                    company=job.get("company", ""),
                    url=job.get("url", ""),
                    job_status=job.get("status", "unknown"),
                    stage=entry.status.value,
                    since=entry.date,
                    notes=entry.notes,
                    follow_up=entry.follow_up,
                    stage_history=list(entry.history),
                )
            )
        return Tracker(profile=profile, rows=rows)


def _resolve(history: pa.Table, job_id: str, day: date) -> str:
    """``resolve_job_id`` over the rows that name ``job_id``, as their id or among the ids they
    absorbed (in the history's order): the same answer, without a pandas row per job."""
    absorbed = history["absorbed_ids"].combine_chunks()
    naming = pc.equal(history["job_id"], job_id).to_numpy(zero_copy_only=False)
    found = pc.equal(pc.list_flatten(absorbed), job_id)
    naming[pc.list_parent_indices(absorbed).filter(found).to_numpy()] = True
    try:
        return resolve_job_id(frame_of(history.select(["job_id", "absorbed_ids"]).filter(naming)), job_id)
    except KeyError:
        raise NotFound(f"no job {job_id!r} in the history of {day}") from None


def _filtered(rows: list[TodayRow], filters: TodayFilters) -> list[TodayRow]:
    def keep(row: TodayRow) -> bool:
        return (
            (filters.min_score is None or row.score >= filters.min_score)
            and (filters.workplace is None or row.workplace == filters.workplace.value)
            and (not filters.company or row.company.casefold() == filters.company.casefold())
            and (not filters.new_only or "NEW" in row.badges)
            and (not filters.pay_known or row.pay is not None)
        )

    kept = [r for r in rows if keep(r)]
    orders = {
        "rank": (lambda r: r.rank, False),
        "score": (lambda r: r.score, True),
        "first_seen": (lambda r: r.first_seen, True),
        "pay": (lambda r: r.pay.yearly_converted or 0 if r.pay else -1, True),
        "company": (lambda r: r.company.casefold(), False),
    }
    key, reverse = orders[filters.sort]
    return sorted(kept, key=key, reverse=reverse)
