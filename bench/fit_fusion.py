"""Fit the scoring components' weights (``jobintel_core/data/fusion_weights.yaml``) on labelled rankings.

``python -m bench.fit_fusion`` reads the *tuning* part of the generated set (``relevance/v3/tune.yaml``;
the held-out part is never read here), scores it once with unit weights to get every component's
share (0–1) per profile × job, and fits one weight per component by pairwise logistic regression:
for two jobs of one profile with different grades, P(better ranks above) = σ(w · (x_better − x_worse)),
each pair weighted by the difference of their gains (2^grade − 1), with every weight bounded ≥ 0
(gains add, penalties subtract: "more fit → more points" holds in every explanation). Excluded jobs
are left out: they score 0 whatever the weights. The weights are scaled so the gains sum to 100.

It is validated leave-one-profile-out: for each profile, the weights fitted on the other profiles
rank that profile's jobs (nDCG@10, MRR, P@5), against the hand-set weights of Matching v2 on the
same rankings. ``--write`` stores the weights with the date, the set and the validation.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import yaml
from scipy.optimize import minimize

from bench.ranking import DAY, HAND_SET, RELEVANCE, _ranked, cosines_by_profile, evaluate, labelled_jobs
from jobintel_core.matching.profiles.profile import Profile, load_profiles
from jobintel_core.matching.scoring.fusion_weights import (
    FUSION_WEIGHTS_PATH,
    GAIN_NAMES,
    PENALTY_NAMES,
    FusionWeights,
)
from jobintel_core.matching.scoring.scorer import gain_weights, score_jobs

TUNE = RELEVANCE / "v3" / "tune.yaml"
PRIOR = np.array([*HAND_SET.gains.values(), *HAND_SET.penalties.values()], dtype=np.float64)
_UNIT = FusionWeights(
    version="unit",
    fitted_at=DAY,
    fitted_on="none",
    method="unit shares",
    gains=dict.fromkeys(GAIN_NAMES, 25.0),
    penalties=dict.fromkeys(PENALTY_NAMES, 100.0),
)
TEMPERATURE = 5.0  # points: a 5-point lead is e:1 odds that the better job ranks first
PRIOR_STRENGTH = (
    0.01  # pull towards the hand-set weights (relative change squared), chosen leave-one-profile-out
)


def shares(profiles: list[Profile], jobs: pd.DataFrame, cosines: dict[str, pd.Series]) -> pd.DataFrame:
    """Per profile × job: every component's share, signed (penalties negative), and ``excluded``."""
    scored = score_jobs(profiles, jobs, cosines, DAY, fusion=_UNIT)
    out = scored[["profile", "job_id", "excluded", "posted_at"]].copy()
    for name in GAIN_NAMES:
        full = scored.apply(
            lambda r, n=name: gain_weights(r["must_total"], r["nice_total"], _UNIT.gains)[n], axis=1
        )
        out[name] = np.where(full > 0, scored[f"points_{name}"] / full.where(full > 0, 1), 0.0)
    for name in PENALTY_NAMES:
        out[name] = scored[f"points_{name}"] / _UNIT.penalties[name]  # ≤ 0
    return out


def _pairs(table: pd.DataFrame, grades: dict[str, dict[str, float]]) -> tuple[np.ndarray, np.ndarray]:
    """Feature differences (better − worse) and pair weights, over every profile in ``table``."""
    diffs, weights = [], []
    for profile, rows in table[~table["excluded"]].groupby("profile"):
        x = rows[[*GAIN_NAMES, *PENALTY_NAMES]].to_numpy(dtype=np.float64)
        gain = 2.0 ** rows["job_id"].map(grades[profile]).fillna(0).to_numpy() - 1
        better, worse = np.nonzero(gain[:, None] > gain[None, :])
        diffs.append(x[better] - x[worse])
        # every kind of pair (3 over 2, 3 over 0, 1 over 0 …) weighs the same within a profile, times
        # the gain difference: else the many unrelated jobs drown the pairs that decide the top
        kind = gain[better] * 8 + gain[worse]
        _, inverse, counts = np.unique(kind, return_inverse=True, return_counts=True)
        weights.append((gain[better] - gain[worse]) / counts[inverse])
    return np.concatenate(diffs), np.concatenate(weights)


def fit(
    table: pd.DataFrame, grades: dict[str, dict[str, float]], strength: float = PRIOR_STRENGTH
) -> np.ndarray:
    """Weights in points: σ((score_better − score_worse) / TEMPERATURE) per pair, pulled towards the
    hand-set weights of Matching v2 (the prior) so a component the tuning set cannot tell apart keeps
    its prior share instead of dropping to 0."""
    diffs, weights = _pairs(table, grades)
    weights = weights / weights.sum()

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        margin = diffs @ w / TEMPERATURE
        off = (w - PRIOR) / PRIOR
        value = np.sum(weights * np.logaddexp(0, -margin)) + strength * off @ off
        grad = -(diffs.T @ (weights / (1 + np.exp(margin)))) / TEMPERATURE + 2 * strength * off / PRIOR
        return float(value), grad

    result = minimize(loss, PRIOR.copy(), jac=True, method="L-BFGS-B", bounds=[(0, None)] * len(PRIOR))
    w = result.x
    return w * 100 / w[: len(GAIN_NAMES)].sum()


def rank_with(table: pd.DataFrame, w: np.ndarray) -> dict[str, list[str]]:
    x = table[[*GAIN_NAMES, *PENALTY_NAMES]].to_numpy(dtype=np.float64)
    score = pd.Series(np.where(table["excluded"], 0.0, np.clip(x @ w, 0, 100)), index=table.index)
    return {
        p: _ranked(score[rows.index], rows["job_id"], rows["posted_at"])
        for p, rows in table.groupby("profile")
    }


def leave_one_profile_out(
    table: pd.DataFrame, grades: dict[str, dict[str, float]]
) -> dict[str, dict[str, float]]:
    fitted, hand = {}, {}
    for profile in sorted(grades):
        held = table[table["profile"] == profile]
        w = fit(table[table["profile"] != profile], grades)
        fitted.update(rank_with(held, w))
        hand.update(rank_with(held, PRIOR))
    return {"fitted": evaluate(fitted, grades), "hand_set": evaluate(hand, grades)}


def main(argv: list[str]) -> int:
    jobs, grades = labelled_jobs([TUNE])
    profiles = load_profiles(RELEVANCE / "v3" / "profiles")
    table = shares(profiles, jobs, cosines_by_profile(jobs, profiles))
    validation = leave_one_profile_out(table, grades)
    w = fit(table, grades)
    weights = dict(zip([*GAIN_NAMES, *PENALTY_NAMES], np.round(w, 2).tolist(), strict=True))
    print("leave-one-profile-out:", validation)
    print("weights:", weights)
    if "--write" in argv:
        gains = {k: weights[k] for k in GAIN_NAMES}
        gains[GAIN_NAMES[-1]] = round(100 - sum(gains[k] for k in GAIN_NAMES[:-1]), 2)
        document = FusionWeights(
            version=f"v3-{datetime.now(UTC):%Y%m%d}",
            fitted_at=datetime.now(UTC).date(),
            fitted_on=f"bench/relevance/v3/tune.yaml ({len(jobs)} postings × {len(profiles)} profiles)",
            method="pairwise logistic regression, weights ≥ 0, pairs weighted by gain difference "
            f"(2^grade − 1), balanced by pair kind, temperature {TEMPERATURE} points, pulled towards the "
            f"hand-set weights (strength {PRIOR_STRENGTH}); bench/fit_fusion.py",
            gains=gains,
            penalties={k: weights[k] for k in PENALTY_NAMES},
            validation={f"leave_one_profile_out_{k}": v for k, v in validation["fitted"].items()},
        ).model_dump(mode="json")
        header = "# Points of each scoring component (jobintel_core/matching/scoring/fusion_weights.py).\n"
        header += "# Written by `python -m bench.fit_fusion --write`; do not edit by hand.\n"
        Path(FUSION_WEIGHTS_PATH).write_text(
            header + yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        print(f"written to {FUSION_WEIGHTS_PATH}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
