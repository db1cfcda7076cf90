"""Per profile: the top jobs at or above the profile's ``min_score``, with the user's state applied.

* excluded jobs never appear, whatever their similarity;
* ``ignored``, ``rejected`` and ``withdrawn`` jobs are left out, and so are the jobs of companies
  the user hid; other states (saved, applied, …) are shown;
* ``is_new`` marks jobs first seen on the date that the user has not already acted on
  (any stage but ``saved``: such jobs are never "new", so they are never re-alerted).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.matching.profiles.user_state import SILENCED, JobStatus, UserState
from jobintel_core.matching.scoring.explanations import reasons
from jobintel_core.storage.tables import frame_of

HIDDEN = frozenset({JobStatus.IGNORED, JobStatus.REJECTED, JobStatus.WITHDRAWN})
BUCKETS = (0, 20, 40, 60, 80, 100)

SHORTLIST_SCHEMA = pa.schema(
    [
        ("profile", pa.string()),
        ("rank", pa.int32()),
        ("job_id", pa.string()),
        ("score", pa.float64()),
        ("title", pa.string()),
        ("company", pa.string()),
        ("provider", pa.string()),
        ("url", pa.string()),
        ("first_seen", pa.date32()),
        ("is_new", pa.bool_()),
        ("user_status", pa.string()),
        ("reasons", pa.string()),
    ]
)


def score_diagnostics(scores: pd.DataFrame) -> dict[str, Any]:
    """min / p50 / p90 / max and bucket counts of the non-excluded scores, plus the excluded count."""
    kept = scores.loc[~scores["excluded"], "score"].to_numpy()
    counts, _ = np.histogram(kept, bins=BUCKETS)
    stats: dict[str, Any] = {"jobs": len(scores), "excluded": int(scores["excluded"].sum())}
    if len(kept):
        stats.update(
            {
                "min": round(float(kept.min()), 2),
                "p50": round(float(np.percentile(kept, 50)), 2),
                "p90": round(float(np.percentile(kept, 90)), 2),
                "max": round(float(kept.max()), 2),
            }
        )
    stats["buckets"] = {f"{lo}-{hi}": int(n) for lo, hi, n in zip(BUCKETS, BUCKETS[1:], counts, strict=False)}
    return stats


def hidden_jobs(scores: pd.DataFrame, state: UserState) -> set[str]:
    """The ids among ``scores`` that the user's state keeps off a shortlist: put away (``HIDDEN``)
    or of a company the user hid. Exploration is never allowed to show them either."""
    put_away = {job_id for job_id, entry in state.jobs.items() if entry.status in HIDDEN}
    companies = {c.casefold() for c in state.hidden_companies}
    of_hidden = scores["company"].astype(str).str.casefold().isin(companies)
    return put_away.intersection(scores["job_id"]) | set(scores.loc[of_hidden, "job_id"])


def shortlist_candidates(scores: pd.DataFrame, profile: Profile, state: UserState) -> pd.DataFrame:
    """The profile's rows a shortlist may show, in the order given: not excluded, at or above the
    profile's ``min_score``, not hidden by the user's state. The shortlist is their first ``top_n``."""
    mine = scores[scores["profile"] == profile.name]
    return mine[
        ~mine["excluded"]
        & (mine["score"] >= profile.shortlist.min_score)
        & ~mine["job_id"].isin(hidden_jobs(mine, state))
    ]


def build_shortlist(
    scores: pd.DataFrame, profiles: list[Profile], states: Mapping[str, UserState], day: date
) -> pd.DataFrame:
    """``scores`` in the order ``scoring.score_jobs`` gives them (or ``feedback.rerank`` reorders
    them); the order is kept."""
    rows = []
    for profile in profiles:
        state = states.get(profile.name, UserState(profile=profile.name))
        shown = shortlist_candidates(scores, profile, state).head(profile.shortlist.top_n)
        for rank, job in enumerate(shown.to_dict("records"), start=1):
            entry = state.jobs.get(job["job_id"])
            status = entry.status if entry else None
            rows.append(
                {
                    "profile": profile.name,
                    "rank": rank,
                    "job_id": job["job_id"],
                    "score": job["score"],
                    "title": job["title"],
                    "company": job["company"],
                    "provider": job["provider"],
                    "url": job["url"],
                    "first_seen": job["first_seen"],
                    "is_new": job["first_seen"] == day and status not in SILENCED,
                    "user_status": status.value if status else None,
                    "reasons": reasons(job),
                }
            )
    return frame_of(pa.Table.from_pylist(rows, schema=SHORTLIST_SCHEMA))


def shortlist_markdown(shortlist: pd.DataFrame, profile: str, limit: int = 20) -> str:
    mine = shortlist[shortlist["profile"] == profile].head(limit)
    if mine.empty:
        return f"_No job for {profile} at or above the profile's min_score._"
    lines = ["| # | score | title | company | state | new | why |", "|---|---|---|---|---|---|---|"]
    for row in mine.to_dict("records"):
        why = row["reasons"].replace("|", "/")
        lines.append(
            f"| {row['rank']} | {row['score']:.1f} | [{row['title']}]({row['url']}) | {row['company']} "
            f"| {row['user_status'] or ''} | {'yes' if row['is_new'] else ''} | {why} |"
        )
    return "\n".join(lines)
