"""What another ranking policy would have earned, estimated from the impressions we logged.

Each logged impression is a job shown with the probability ``logging`` the shown policy had of
showing it (``rerank``'s ``propensity``), the reward the person gave it, and the probability
``target`` the policy under evaluation gives the same job. Three estimators, each a ratio of sums:

* **IPS** (inverse propensity scoring): mean of ``target / logging × reward``; unbiased when every job
  the target could show had a logging probability above 0, with a variance that grows with the
  weights;
* **SNIPS** (self-normalised, ``ips(…, self_normalised=True)``): the same sum divided by the sum of the weights instead of n; a little
  biased, far less variance when weights are large or rewards are offset;
* **DR** (doubly robust): a reward model's prediction for the target policy (``target_predicted``,
  its expected reward over the jobs it would show) corrected by the weighted residual of the logged
  job (``reward − predicted``): unbiased if either the propensities or the model are right, and the
  only one of the three that says anything about jobs the logging policy never showed.

Intervals are percentile bootstraps. Impressions of one day and person are not independent, so the
bootstrap resamples whole ``groups`` (e.g. days) when given. The seed is an argument: the same
data give the same interval.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from pydantic import BaseModel, ConfigDict

BOOTSTRAP_SAMPLES = 1000


class Estimate(BaseModel):
    """A policy's estimated value per impression, a bootstrap interval and the weights' health."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: float
    low: float
    high: float
    n: int
    effective_n: float  # (Σw)² / Σw²: how many impressions the weights leave in effect


def _arrays(*columns: ArrayLike) -> list[np.ndarray]:
    arrays = [np.asarray(c, dtype=np.float64) for c in columns]
    if len({a.shape for a in arrays}) != 1 or arrays[0].ndim != 1:
        raise ValueError(f"the columns must be 1-d and of one length, got shapes {[a.shape for a in arrays]}")
    if any(np.isnan(a).any() for a in arrays):
        raise ValueError("the columns must not contain NaN")
    return arrays


def _weights(logging: np.ndarray, target: np.ndarray) -> np.ndarray:
    if (logging <= 0).any() or (logging > 1).any():
        raise ValueError("logging propensities must be in (0, 1]: a shown job had a chance of being shown")
    if (target < 0).any() or (target > 1).any():
        raise ValueError("target probabilities must be in [0, 1]")
    weights: np.ndarray = target / logging
    return weights


def _ratio(
    numerator: np.ndarray,
    denominator: np.ndarray,
    weights: np.ndarray,
    groups: ArrayLike | None,
    level: float,
    seed: int,
    samples: int,
) -> Estimate:
    """Σ numerator / Σ denominator, with a bootstrap over items (or over ``groups``)."""
    n = len(numerator)
    if n == 0:
        raise ValueError("no impressions to estimate from")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    if groups is None:
        codes = np.arange(n)
    else:
        group_values = np.asarray(groups)
        if group_values.shape != (n,):
            raise ValueError("groups must have one entry per impression")
        codes = np.unique(group_values, return_inverse=True)[1].reshape(-1)
    k = int(codes.max()) + 1
    num, den = np.bincount(codes, numerator, k), np.bincount(codes, denominator, k)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, k, size=(samples, k))
    sampled_den = den[picks].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        sampled = num[picks].sum(axis=1) / sampled_den
    sampled = sampled[np.isfinite(sampled)]
    low, high = np.quantile(sampled, [(1 - level) / 2, (1 + level) / 2]) if len(sampled) else (np.nan, np.nan)
    total = den.sum()
    value = num.sum() / total if total else float("nan")
    square = float((weights**2).sum())
    return Estimate(
        value=round(float(value), 6),
        low=round(float(low), 6),
        high=round(float(high), 6),
        n=n,
        effective_n=round(float(weights.sum() ** 2 / square), 2) if square else 0.0,
    )


def ips(
    rewards: ArrayLike,
    logging: ArrayLike,
    target: ArrayLike,
    *,
    self_normalised: bool = False,
    groups: ArrayLike | None = None,
    level: float = 0.95,
    seed: int = 0,
    samples: int = BOOTSTRAP_SAMPLES,
) -> Estimate:
    """IPS, or with ``self_normalised`` SNIPS: one weighted sum of rewards, divided by n or by the
    sum of the weights (the only difference between the two)."""
    r, p, t = _arrays(rewards, logging, target)
    w = _weights(p, t)
    return _ratio(w * r, w if self_normalised else np.ones_like(r), w, groups, level, seed, samples)


def doubly_robust(
    rewards: ArrayLike,
    logging: ArrayLike,
    target: ArrayLike,
    predicted: ArrayLike,
    target_predicted: ArrayLike,
    *,
    groups: ArrayLike | None = None,
    level: float = 0.95,
    seed: int = 0,
    samples: int = BOOTSTRAP_SAMPLES,
) -> Estimate:
    """``predicted``: the reward model's value of each logged job; ``target_predicted``: its
    expected reward under the target policy in the same context (the same slot of the same day)."""
    r, p, t, q, v = _arrays(rewards, logging, target, predicted, target_predicted)
    w = _weights(p, t)
    return _ratio(v + w * (r - q), np.ones_like(r), w, groups, level, seed, samples)
