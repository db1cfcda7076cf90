"""A day's shortlists blended with each profile's preference model, and the impressions log of what
was shown with the probability it had of being shown.

``reranked_scores`` is the one place the day's ``job_scores`` meet the models (``rerank``, per
profile, with the jobs the user's state hides as ``blocked``); the shortlist and the impressions
are both built from it, so what is logged is what was ranked.

* **Shortlist**: ``matching``'s shortlist (state applied, ``min_score``, ``top_n``) over the
  reranked rows, with the learner's columns beside each row. A profile without labels is reranked
  to its input order with 0 points, so its shortlist is exactly the rule score's.
* **Impressions** (issue #31, "logged propensities from day one"): per profile, one row per
  *candidate* of the shortlist (every job it could have shown: ``shortlist_candidates``) with its
  scores and ``propensity``, the shown ones with their rank and their features (``FEATURE_NAMES``
  order); and one row per job of today's batch to rate (``todays_batch``) with its own propensity.
  Enough to evaluate another policy off-line (``off_policy``): the candidates' features are those
  of the day's stored ``job_scores``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import date

import pandas as pd
import pyarrow as pa

from jobintel_core.feedback.learner import PreferenceModel, feature_matrix
from jobintel_core.feedback.rerank import batch_plan, rerank, todays_batch
from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.matching.profiles.user_state import UserState
from jobintel_core.matching.scoring.shortlist import (
    SHORTLIST_SCHEMA,
    build_shortlist,
    hidden_jobs,
    shortlist_candidates,
)
from jobintel_core.storage.tables import frame_of

LEARNED_FIELDS = [
    pa.field("rule_score", pa.float64()),  # the score before the blend (Matching v3's)
    pa.field("preference_points", pa.float64()),  # what the learner added, bounded (rerank)
    pa.field("preference_reasons", pa.string()),  # the points in words, "; "-separated
    pa.field("explore", pa.bool_()),  # an exploration slot
    pa.field("propensity", pa.float64()),  # its probability of being in the top (rerank)
]
BLENDED_SHORTLIST_SCHEMA = pa.schema([*SHORTLIST_SCHEMA, *LEARNED_FIELDS])
BATCH_SIZE = 5
SHORTLIST_SURFACE, BATCH_SURFACE = "shortlist", "batch"
IMPRESSIONS_SCHEMA = pa.schema(
    [
        ("profile", pa.string()),
        ("surface", pa.string()),  # "shortlist" or "batch"
        ("job_id", pa.string()),
        ("rank", pa.int32()),  # where it was shown; null: a candidate that was not
        ("explore", pa.bool_()),
        ("propensity", pa.float64()),
        ("rule_score", pa.float64()),
        ("preference_points", pa.float64()),
        ("score", pa.float64()),
        ("features", pa.list_(pa.float64())),  # shown rows only, FEATURE_NAMES order
    ]
)


def _state(states: Mapping[str, UserState], profile: str) -> UserState:
    return states.get(profile, UserState(profile=profile))


def reranked_scores(
    scores: pd.DataFrame,
    profiles: Sequence[Profile],
    states: Mapping[str, UserState],
    models: Mapping[str, PreferenceModel],
    day: date,
) -> dict[str, pd.DataFrame]:
    """Each profile's ``job_scores`` rows through ``rerank`` (no model: unchanged, 0 points)."""
    out = {}
    for profile in profiles:
        mine = scores[scores["profile"] == profile.name]
        blocked = hidden_jobs(mine, _state(states, profile.name))
        out[profile.name] = rerank(mine, models.get(profile.name), day, profile, blocked)
    return out


def blended_shortlist(
    reranked: Mapping[str, pd.DataFrame],
    profiles: Sequence[Profile],
    states: Mapping[str, UserState],
    day: date,
) -> pd.DataFrame:
    """The shortlist of the reranked rows, with the learner's columns (``BLENDED_SHORTLIST_SCHEMA``)."""
    learned = [f.name for f in LEARNED_FIELDS]
    frames = [reranked[p.name] for p in profiles if p.name in reranked]
    if not frames:
        return frame_of(BLENDED_SHORTLIST_SCHEMA.empty_table())
    rows = pd.concat(frames, ignore_index=True)
    base = build_shortlist(rows, list(profiles), states, day)
    merged = base.merge(
        rows[["profile", "job_id", *learned]], on=["profile", "job_id"], how="left", validate="1:1"
    )
    return frame_of(pa.Table.from_pandas(merged, schema=BLENDED_SHORTLIST_SCHEMA, preserve_index=False))


def _features(rows: pd.DataFrame) -> list[list[float]]:
    matrix: list[list[float]] = feature_matrix(rows.reset_index(drop=True)).tolist()
    return matrix


def impressions_table(
    reranked: Mapping[str, pd.DataFrame],
    shortlist: pd.DataFrame,
    profiles: Sequence[Profile],
    states: Mapping[str, UserState],
    rated: Mapping[str, Collection[str]],
    day: date,
) -> pd.DataFrame:
    """The impressions of ``day`` (``IMPRESSIONS_SCHEMA``): ``shortlist`` is the stored shortlist of
    the day, whose rows must all be candidates of ``reranked`` (else the two were built from
    different states, and the log would lie: ``ValueError`` naming the jobs); ``rated`` are the jobs
    each profile rated before the day (the batch leaves them out)."""
    parts = []
    for profile in profiles:
        name, state = profile.name, _state(states, profile.name)
        frame = reranked[name]
        candidates = shortlist_candidates(frame, profile, state).copy()
        shown = shortlist.loc[shortlist["profile"] == name, ["job_id", "rank"]]
        strays = sorted(set(shown["job_id"]) - set(candidates["job_id"]))
        if strays:
            raise ValueError(f"{name}'s shortlist of {day} shows jobs that are not candidates now: {strays}")
        candidates = candidates.merge(shown, on="job_id", how="left")
        candidates["surface"] = SHORTLIST_SURFACE
        on_list = candidates["rank"].notna().to_numpy()
        features = iter(_features(candidates[on_list]))
        candidates["features"] = [next(features) if flag else None for flag in on_list]
        plan = batch_plan(frame, state, BATCH_SIZE, day=day, rated=rated.get(name, ()))
        batch = todays_batch(frame, plan)
        batch = batch.rename(columns={"batch_rank": "rank"})
        batch["surface"] = BATCH_SURFACE
        batch["features"] = _features(batch)
        parts += [candidates, batch]
    if not parts:
        return frame_of(IMPRESSIONS_SCHEMA.empty_table())
    rows = pd.concat(parts, ignore_index=True)[IMPRESSIONS_SCHEMA.names]
    # A day with nothing shown leaves no list to type the column by: lists or None, explicitly.
    rows["features"] = pd.Series([f if isinstance(f, list) else None for f in rows["features"]], dtype=object)
    # Shown rows by rank, then the candidates not shown in the order they were ranked.
    rows = rows.sort_values(["profile", "surface", "rank"], kind="stable", na_position="last")
    return frame_of(pa.Table.from_pandas(rows, schema=IMPRESSIONS_SCHEMA, preserve_index=False))
