"""The app's feedback reads: the learner's columns of the stored shortlist (the preference's points
and reasons, the exploration mark) joined onto Today and the job page, the user's ratings and
outcomes (``feedback.events``, the one reader of the event logs), and today's batch to rate.

Apart from ``reader`` on purpose: Today and the job page are read there as before, and the learner's
few columns are read here from the same shortlist partition, only the ones it holds (a shortlist
stored before the learner existed has none, and its jobs show no preference).
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from jobintel_core.feedback.blend import BATCH_SURFACE
from jobintel_core.feedback.events import E, EventLog, Outcome, Rating, read_outcomes, read_ratings
from jobintel_core.storage.keys import ratings_log_key, stored_dates, table_key, user_state_key
from jobintel_core.storage.tables import frame_of, table_from_parquet
from jobintel_core.web.forms import TodayFilters
from jobintel_core.web.reader import PUT_AWAY, SHORTLIST, WebReader
from jobintel_core.web.views import Batch, BatchRow, JobPage, Today

LEARNED_COLUMNS = ("rule_score", "preference_points", "preference_reasons", "explore")
# The day's batch to rate, as the pipeline drew it: its rows of the impressions log
IMPRESSIONS = "impressions"
BATCH_COLUMNS = [
    "profile",
    "surface",
    "rank",
    "job_id",
    "score",
    "rule_score",
    "preference_points",
    "explore",
]
BATCH_HISTORY_COLUMNS = ["job_id", "title", "company", "locations", "workplace_type"]


def _learned(row: Mapping[str, Any]) -> dict[str, Any]:
    """A shortlist row's learner columns as the views' fields (absent columns stay neutral)."""
    learned: dict[str, Any] = {}
    if pd.notna(row.get("rule_score")):
        learned["rule_score"] = round(float(row["rule_score"]), 1)
    if pd.notna(row.get("preference_points")):
        learned["preference_points"] = round(float(row["preference_points"]), 1)
    reasons = row.get("preference_reasons")
    if isinstance(reasons, str):
        learned["preference_reasons"] = [r for r in reasons.split("; ") if r]
    if pd.notna(row.get("explore")):
        learned["explore"] = bool(row["explore"])
    return learned


def latest_ratings(ratings: list[Rating]) -> dict[str, Rating]:
    """Each job's latest rating (the log is in the order the ratings were made)."""
    return {r.job_id: r for r in ratings}


class FeedbackReader:
    """Feedback reads over the app's ``WebReader`` (its store, profiles and latest day)."""

    def __init__(self, reader: WebReader) -> None:
        self.reader = reader
        self.store = reader.store

    def shortlist(self, profile: str, day: date) -> pd.DataFrame:
        """The profile's stored shortlist of ``day`` with the learner's columns it holds, in rank order."""
        data = self.store.get(table_key(SHORTLIST, day.isoformat()))
        present = set(pq.read_schema(io.BytesIO(data)).names)
        columns = ["profile", "rank", "job_id", "score", *(c for c in LEARNED_COLUMNS if c in present)]
        frame = frame_of(table_from_parquet(data, columns=columns))
        return frame[frame["profile"] == profile].sort_values("rank", kind="stable").reset_index(drop=True)

    def learned(self, profile: str, day: date) -> dict[str, dict[str, Any]]:
        return {row["job_id"]: _learned(row) for row in self.shortlist(profile, day).to_dict("records")}

    def ratings(self, profile: str) -> EventLog[Rating]:
        self.reader.profile(profile)
        return self._keyed(read_ratings(self.store, profile), ratings_log_key(profile))

    def outcomes(self, profile: str) -> EventLog[Outcome]:
        self.reader.profile(profile)
        return self._keyed(read_outcomes(self.store, profile), user_state_key(profile))

    def _keyed(self, log: EventLog[E], key: str) -> EventLog[E]:
        """The log with its problems naming the storage key, not the server's path of it."""
        uri = self.store.uri(key)
        return EventLog(log.events, [p.replace(uri, key, 1) for p in log.problems])

    def today(self, profile: str, filters: TodayFilters) -> Today:
        """Today as ``reader`` reads it, each row with what the learner did to it."""
        today = self.reader.today(profile, filters)
        if today.day is None:
            return today
        learned = self.learned(profile, today.day)
        rows = [row.model_copy(update=learned.get(row.job_id, {})) for row in today.rows]
        return today.model_copy(update={"rows": rows})

    def job(self, profile: str, job_id: str) -> JobPage:
        """The job page with the blend (when the job is on today's shortlist) and the user's rating."""
        page = self.reader.job(profile, job_id)
        shortlist = self.shortlist(profile, page.day)
        mine = shortlist[shortlist["job_id"] == page.job_id].to_dict("records")
        update: dict[str, Any] = {"rating": latest_ratings(self.ratings(profile).events).get(page.job_id)}
        if mine:
            update |= {"shortlist_score": round(float(mine[0]["score"]), 1), **_learned(mine[0])}
        return page.model_copy(update=update)

    def batch(self, profile: str) -> Batch:
        """The latest stored batch as the pipeline drew (and logged) it: the ``batch`` rows of the
        day's ``impressions``, without the jobs put away or of companies hidden since; a job rated
        since stays, and counts toward the progress. Its reasons are the shortlist's, when the job
        is on it (the log keeps numbers, not words)."""
        self.reader.profile(profile)
        days = stored_dates(self.store, IMPRESSIONS)
        if not days:
            return Batch(profile=profile, day=None, rows=[], rated=0)
        day = days[-1]
        data = self.store.get(table_key(IMPRESSIONS, day.isoformat()))
        drawn = frame_of(table_from_parquet(data, columns=BATCH_COLUMNS))
        drawn = drawn[(drawn["profile"] == profile) & (drawn["surface"] == BATCH_SURFACE)]
        drawn = drawn.sort_values("rank", kind="stable")
        reasons = {
            job_id: learned["preference_reasons"]
            for job_id, learned in self.learned(profile, day).items()
            if "preference_reasons" in learned
        }
        state = self.reader.state(profile)
        hidden = {c.casefold() for c in state.hidden_companies}
        history = self.reader.history(day, BATCH_HISTORY_COLUMNS)
        job_of = {
            r["job_id"]: r for r in history[history["job_id"].isin(set(drawn["job_id"]))].to_dict("records")
        }
        rated = {r.job_id for r in self.ratings(profile).events}
        rows = []
        for item in drawn.to_dict("records"):
            job, entry = job_of.get(item["job_id"]), state.jobs.get(item["job_id"])
            if (
                job is None
                or (entry and entry.status in PUT_AWAY)
                or str(job["company"]).casefold() in hidden
            ):
                continue
            rows.append(
                BatchRow(
                    batch_rank=int(item["rank"]),
                    job_id=item["job_id"],
                    title=job["title"],
                    company=job["company"],
                    places=[str(p) for p in job["locations"]],
                    workplace=job.get("workplace_type") or "unknown",
                    score=round(float(item["score"]), 1) if pd.notna(item.get("score")) else None,
                    **_learned(item),
                    preference_reasons=reasons.get(item["job_id"], []),
                )
            )
        return Batch(profile=profile, day=day, rows=rows, rated=sum(r.job_id in rated for r in rows))
