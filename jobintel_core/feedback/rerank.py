"""The shortlist blended with what the person likes, with logged exploration, and today's batch.

* **Bounded blend.** A job's preference points are what the labels changed in its predicted reward
  (``PreferenceModel.delta`` · features, 50 points per reward unit), times the model's ``evidence``
  (the probability that the ratings show a taste at all), squashed by ``cap · tanh(·/cap)``
  so they never exceed ±cap (10 by default, below the semantic term's 12.35): an excluded job keeps
  0 points and its score of 0, a blocked job is never explored, and a few ratings move a job a few
  places, not from the bottom to the top. No model or no label: the input, unchanged.
* **Exploration.** One slot of the top ``EXPLORE_TOP`` (the last one) and one of the batch go to a
  job the learner is unsure about, drawn from the ``POOL`` next eligible jobs with probability
  ``(1 − ε) · softmax((score + κ · sd) / τ) + ε / pool`` — an upper confidence bound (LinUCB's
  index, sd from the posterior) made random so every shown job has an exact, logged probability
  (Thompson sampling's would need a Monte Carlo estimate). The draw is seeded by (day, profile), so
  a replay draws the same job. Eligible: not excluded, not ``blocked`` (state, hidden companies), at
  or above the profile's ``min_score`` (the shortlist would drop it otherwise).
* **Propensity** (``propensity``): the probability, under this policy on this day, that the job is
  in the top ``EXPLORE_TOP`` (for ``todays_batch``: in the batch). 1 for the jobs placed there
  without a draw, the draw's probability for the pool, 0 for the rest: what ``off_policy`` needs.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from jobintel_core.feedback.learner import (
    FEATURE_NAMES,
    INDEX,
    INTERCEPT,
    POINTS_PER_REWARD,
    PreferenceModel,
    company_bucket,
    feature_matrix,
    missing_bucket,
    pay_band,
    pay_bucket,
    stable_hash,
)
from jobintel_core.ingestion.reading.roles import default_roles
from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.matching.profiles.user_state import UserState
from jobintel_core.matching.scoring.shortlist import HIDDEN

EXPLORE_TOP = 10  # one slot of the top 10 explores
POOL = 15  # … drawn from the 15 eligible jobs after the ones placed without a draw
KAPPA = 0.3  # share of the sd of the preference points added to a job's score for the draw
TAU = 2.0  # points: the softmax's temperature
EPSILON = 0.1  # share of the draw spread evenly over the pool, so no propensity is tiny
REASON_MIN_POINTS = 0.5
REASONS_TOP = 500  # a shortlist shows at most 500 jobs (ShortlistSettings.top_n)
STARS_HIGH, STARS_LOW = "★★★★ or more", "★★ or less"

_COMPONENT_WORDS = {
    "points_title": "the title's match",
    "points_must_have": "must-have skills",
    "points_nice_to_have": "nice-to-have skills",
    "points_semantic": "closeness to your profile",
    "points_seniority": "a level away from yours",
    "points_location": "a place that does not fit",
    "points_salary": "pay under your floor",
    "points_freshness": "older postings",
    "semantic_z": "closeness to your profile's text",
}
_LOCATION_WORDS = {
    "remote_ok": "remote in your region",
    "remote_outside": "remote outside your regions",
    "remote_hours_outside": "remote in other time zones",
    "remote_not_wanted": "remote",
    "remote_region_unknown": "remote (region unstated)",
    "site": "on site where you want",
    "site_workplace_unknown": "in your city",
    "site_workplace_not_wanted": "on site",
    "elsewhere": "in other cities",
    "unknown": "location unstated",
    "anywhere": "any place",
}
_SALARY_WORDS = {
    "no_floor": "any pay",
    "unknown": "pay unstated",
    "unconvertible": "pay in other currencies",
    "meets": "pay at your floor or above",
    "below": "pay under your floor",
}


def _group(name: str) -> str:
    """The feature's group for reasons: one-hots and hashed buckets by their prefix."""
    for mark in ("=", "#"):
        if mark in name:
            return name.split(mark, 1)[0]
    return name


_GROUPS = sorted({_group(n) for n in FEATURE_NAMES if n != INTERCEPT})
# feature × group: 1 where the feature belongs to the group (the intercept to none)
_IN_GROUP = np.array(
    [[n != INTERCEPT and _group(n) == g for g in _GROUPS] for n in FEATURE_NAMES], dtype=np.float64
)


def _signed(points: float) -> str:
    return f"{points:+.0f}".replace("-", "−")


def _what(group: str, row: dict[str, object]) -> str:
    """The job's value in a feature group, in words."""
    if group == "company":
        return str(row["company"])
    if group == "family":
        family = default_roles().primary_family(str(row["title"]))
        return family.replace("_", " ") if family else "a role of no known family"
    if group == "level":
        return f"level {row['job_level']}" if row["job_level"] else "level not stated"
    if group == "location":
        return _LOCATION_WORDS.get(str(row["location_fit"]), str(row["location_fit"]))
    if group == "salary":
        return _SALARY_WORDS.get(str(row["salary_fit"]), str(row["salary_fit"]))
    if group == "pay":
        band = pay_band(float(row["pay_yearly"]))  # type: ignore[arg-type]
        low, high = 2 ** (band / 2), 2 ** ((band + 1) / 2)
        return f"{low / 1000:,.0f}–{high / 1000:,.0f}k {row['pay_currency']}"
    return _COMPONENT_WORDS.get(group, group)


def _active_feature(group: str, row: dict[str, object], contributions: np.ndarray) -> tuple[int, str]:
    """(feature index, words) of the feature behind a group's points for this job."""
    if group == "company":
        return INDEX[f"company#{company_bucket(str(row['company']))}"], _what(group, row)
    if group == "pay":
        bucket = pay_bucket(str(row["pay_currency"]), pay_band(float(row["pay_yearly"])))  # type: ignore[arg-type]
        return INDEX[f"pay#{bucket}"], f"paying {_what(group, row)}"
    if group == "missing":
        terms = [t.strip() for t in str(row["must_missing"]).split(",") if t.strip()]
        term = max(terms, key=lambda t: abs(contributions[INDEX[f"missing#{missing_bucket(t)}"]]))
        return INDEX[f"missing#{missing_bucket(term)}"], f"missing {term}"
    columns = np.flatnonzero(_IN_GROUP[:, _GROUPS.index(group)])
    index = int(columns[np.argmax(np.abs(contributions[columns]))])
    return index, _what(group, row)


def _reason(
    group: str, points: float, row: dict[str, object], contributions: np.ndarray, model: PreferenceModel
) -> str:
    index, what = _active_feature(group, row, contributions)
    if group in _COMPONENT_WORDS:
        more = model.delta()[index] > 0
        return f"{what} matter{'s' if not what.endswith('s') else ''} {'more' if more else 'less'} to you: {_signed(points)}"
    count = (model.support_high if points > 0 else model.support_low)[index]
    stars = STARS_HIGH if points > 0 else STARS_LOW
    if group == "company" and points < 0:
        return f"companies you rated low ({what}): {_signed(points)}"
    if count:
        jobs = "job" if count == 1 else "jobs"
        return f"like {count} {jobs} you rated {stars} ({what}): {_signed(points)}"
    return f"{what}: you rate such jobs {'higher' if points > 0 else 'lower'}: {_signed(points)}"


def preference_points(
    x: np.ndarray, model: PreferenceModel, excluded: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(points, sd of the points) of each row of features ``x``; excluded rows 0 and 0."""
    x = x.copy()
    x[:, INDEX[INTERCEPT]] = 0.0  # the intercept moves every job alike
    raw = model.evidence * POINTS_PER_REWARD * (x @ model.delta())
    cap = model.hyper.cap
    points = np.round(cap * np.tanh(raw / cap), 2) + 0.0
    variance = ((x @ model.covariance_matrix()) * x).sum(axis=1)
    sd = np.round(POINTS_PER_REWARD * np.sqrt(np.maximum(variance, 0)), 3)
    points[excluded], sd[excluded] = 0.0, 0.0
    return points, sd


def preference_reasons(
    scores: pd.DataFrame, x: np.ndarray, points: np.ndarray, model: PreferenceModel
) -> list[str]:
    """The two feature groups that moved each row most, in words, with their points (the squashed
    total shared out in proportion, so the numbers add up to the job's points)."""
    delta = model.evidence * model.delta()
    raw = POINTS_PER_REWARD * (x @ delta)
    scale = np.divide(points, raw, out=np.zeros_like(points), where=np.abs(raw) > 1e-9)
    contributions = POINTS_PER_REWARD * x * delta * scale[:, None]
    grouped = contributions @ _IN_GROUP
    reasons = [""] * len(scores)
    columns = [
        "company",
        "title",
        "job_level",
        "location_fit",
        "salary_fit",
        "pay_yearly",
        "pay_currency",
        "must_missing",
    ]
    records = scores[columns].to_dict("records")
    for i in np.flatnonzero(np.abs(points) >= REASON_MIN_POINTS):
        top = [
            g
            for g in np.argsort(-np.abs(grouped[i]), kind="stable")[:2]
            if abs(grouped[i, g]) >= REASON_MIN_POINTS
        ]
        reasons[i] = "; ".join(
            _reason(_GROUPS[g], float(grouped[i, g]), records[i], contributions[i], model) for g in top
        )
    return reasons


def draw_probabilities(scores: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """The exploration draw's probability of each job in a pool (sums to 1)."""
    index = (scores + KAPPA * sd) / TAU
    soft = np.exp(index - index.max())
    return np.asarray((1 - EPSILON) * soft / soft.sum() + EPSILON / len(scores))


def _draw(probabilities: np.ndarray, day: date, profile: str, purpose: str) -> int:
    """One seeded draw: the same (day, profile, purpose) always gives the same index."""
    rng = np.random.default_rng(stable_hash(f"{day.isoformat()}|{profile}|{purpose}"))
    return int(rng.choice(len(probabilities), p=probabilities))


def rerank(
    scores: pd.DataFrame,
    model: PreferenceModel | None,
    day: date,
    profile: Profile,
    blocked: Collection[str],
    *,
    features: np.ndarray | None = None,
    explore: bool = True,
    reasons_top: int = REASONS_TOP,
) -> pd.DataFrame:
    """One profile's ``job_scores`` rows (in ``score_jobs``' order) blended, explored and reordered.

    Adds ``rule_score``, ``preference_points``, ``preference_sd`` (points), ``score`` (blended,
    0–100; 0 when excluded), ``preference_reasons`` (for the first ``reasons_top`` rows of the new
    order: the ones a shortlist can show), ``explore`` and ``propensity``. ``features``: the rows'
    ``feature_matrix``, when the caller has it already. ``explore=False``: no exploration slot (the
    bench's learner without exploration)."""
    out = scores.reset_index(drop=True).copy()
    out["rule_score"] = out["score"].astype(float)
    n = len(out)
    excluded = out["excluded"].to_numpy(dtype=bool)
    blocked_rows = out["job_id"].isin(set(blocked)).to_numpy()
    top = min(EXPLORE_TOP, profile.shortlist.top_n)
    if model is None or model.n_labels == 0 or n == 0:
        out["preference_points"], out["preference_sd"] = 0.0, 0.0
        out["preference_reasons"], out["explore"] = "", False
        eligible = ~excluded & ~blocked_rows & (out["score"].to_numpy() >= profile.shortlist.min_score)
        out["propensity"] = (eligible & (np.cumsum(eligible) <= top)).astype(float)
        return out
    x = feature_matrix(out) if features is None else features
    if x.shape != (n, len(FEATURE_NAMES)):
        raise ValueError(f"features: expected shape {(n, len(FEATURE_NAMES))}, got {x.shape}")
    points, sd = preference_points(x, model, excluded)
    blended = np.where(excluded, 0.0, np.clip(out["rule_score"].to_numpy() + points, 0, 100))
    out["preference_points"], out["preference_sd"], out["score"] = points, sd, np.round(blended, 2)
    order = np.lexsort((np.arange(n), -blended))  # by blended score, ties in the rule order
    out, x = out.iloc[order].reset_index(drop=True), x[order]
    excluded, blocked_rows = excluded[order], blocked_rows[order]
    reasons = preference_reasons(
        out.head(reasons_top), x[:reasons_top], out["preference_points"].to_numpy()[:reasons_top], model
    )
    out["preference_reasons"] = reasons + [""] * (n - len(reasons))
    eligible = np.flatnonzero(
        ~excluded & ~blocked_rows & (out["score"].to_numpy() >= profile.shortlist.min_score)
    )
    placed, pool = (
        (eligible[: top - 1], eligible[top - 1 : top - 1 + POOL])
        if explore
        else (eligible[:top], eligible[:0])
    )
    propensity = np.zeros(n)
    propensity[placed] = 1.0
    explored = np.zeros(n, dtype=bool)
    if len(pool):
        probabilities = draw_probabilities(
            out["score"].to_numpy()[pool], out["preference_sd"].to_numpy()[pool]
        )
        propensity[pool] = probabilities
        chosen = int(pool[_draw(probabilities, day, profile.name, "shortlist")])
        explored[chosen] = True
        # the explored job takes the last slot of the top: just before the first pool job
        position = np.arange(n, dtype=np.float64)
        position[chosen] = pool[0] - 0.5
        moved = np.argsort(position, kind="stable")
        out, propensity, explored = out.iloc[moved].reset_index(drop=True), propensity[moved], explored[moved]
    out["explore"], out["propensity"] = explored, np.round(propensity, 6)
    return out


@dataclass(frozen=True)
class BatchPlan:
    """Which rows of a reranked frame make today's batch: ``placed`` without a draw, one drawn from
    ``pool`` with ``probabilities`` (``chosen`` indexes the pool; None: no exploration slot)."""

    placed: np.ndarray
    pool: np.ndarray
    probabilities: np.ndarray
    chosen: int | None


def batch_plan(
    reranked: pd.DataFrame,
    state: UserState,
    size: int = 5,
    *,
    day: date,
    rated: Collection[str] = (),
    explore: bool = True,
) -> BatchPlan:
    """Up to ``size`` jobs to rate today: the best unrated ones and, in the last place, one drawn
    from the ``POOL`` next (an exploration slot, even before the first rating: the first labels
    should not all be top jobs). Never an excluded job, one in a hiding state, of a hidden
    company, or already rated. The plan keeps the draw's whole pool: what an impressions log and an
    off-policy estimate need; ``todays_batch`` makes it the batch's rows."""
    if size < 1:
        raise ValueError(f"size must be ≥ 1, got {size}")
    hidden_companies = {c.casefold() for c in state.hidden_companies}
    hidden_jobs = {job_id for job_id, entry in state.jobs.items() if entry.status in HIDDEN}
    ok = (
        ~reranked["excluded"].to_numpy(dtype=bool)
        & (reranked["score"].to_numpy() > 0)
        & ~reranked["job_id"].isin(hidden_jobs | set(rated)).to_numpy()
        & ~reranked["company"].fillna("").str.casefold().isin(hidden_companies).to_numpy()
    )
    eligible = np.flatnonzero(ok)
    pool = eligible[size - 1 : size - 1 + POOL]
    if not explore or size == 1 or not len(pool):
        return BatchPlan(eligible[:size], eligible[:0], np.zeros(0), None)
    sd = reranked["preference_sd"].to_numpy()[pool] if "preference_sd" in reranked else np.zeros(len(pool))
    probabilities = draw_probabilities(reranked["score"].to_numpy()[pool], sd)
    chosen = _draw(probabilities, day, str(reranked["profile"].iloc[0]), "batch")
    return BatchPlan(eligible[: size - 1], pool, probabilities, chosen)


def todays_batch(reranked: pd.DataFrame, plan: BatchPlan) -> pd.DataFrame:
    """The rows of ``plan`` (``batch_plan`` of ``reranked``) in batch order, ranked from 1;
    ``explore`` and ``propensity`` are the batch's (see the module)."""
    batch = reranked.iloc[plan.placed].copy()
    batch["explore"], batch["propensity"] = False, 1.0
    if plan.chosen is not None:
        extra = reranked.iloc[[plan.pool[plan.chosen]]].copy()
        extra["explore"], extra["propensity"] = True, round(float(plan.probabilities[plan.chosen]), 6)
        batch = pd.concat([batch, extra])
    batch = batch.reset_index(drop=True)
    batch.insert(0, "batch_rank", np.arange(1, len(batch) + 1, dtype=np.int32))
    return batch
