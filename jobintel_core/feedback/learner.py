"""What one person likes, learnt from their ratings and outcomes: a Bayesian linear model over the
features Matching v3 explains, whose prior *is* Matching v3.

Why this model. A person gives tens to a few hundred labels, ever; a model with more parameters
than that overfits, a model that forgets the shared prior starts from nothing. A linear model with
a Gaussian prior has a closed-form posterior (mean and covariance, no optimiser, no seed: the same
labels give the same model bit for bit), its uncertainty drives exploration (``rerank``), and each
feature's share of a job's points can be said in words. ``bench/feedback.py`` measures it against
the static score and against sequence models (an LSTM-like recurrent model, fitted Q) on simulated
job seekers: at this label budget the heavier models do not pay (docs/feedback.md).

Features (``FEATURE_NAMES``), one row per ``job_scores`` row, computed from that row alone (so a
rated job's features are the same whether computed with the day's other jobs or without them):

* the eight components' points ÷ 100 (``points_title`` … ``points_freshness``; penalties beyond the
  gains scaled back to them, as the score is clamped at 0). The rule score is their sum, so a
  coefficient of 2 on each (and −1 on the intercept) maps a score of 0–100 onto a
  reward of −1…+1: that is the prior mean, Matching v3's fitted weights exactly
  (``data/fusion_weights.yaml``); the posterior says "title matters more to you than to the default";
* the semantic z-score (clipped to ±3, ÷ 3), beyond the thresholded semantic points;
* one-hot: the job's level, its location fit (remote in region, site, elsewhere …), its salary fit;
* the role family of the title (``ingestion.reading.roles``), one-hot;
* hashed buckets (prior mean 0, so a collision costs a little precision, never a rule): the company,
  the pay band (√2 steps of yearly pay in the profile's currency), each missing must-have skill.

Rewards (``labels_from_events``): stars 1–5 → −1, −0.5, 0, 0.5, 1; an application (or any later
stage) says the person wanted the job: at least 0.5 (an offer 1); withdrawing says they stopped
wanting it: at most −0.5. A rejection by the employer says nothing new about the person's taste, so
it counts as the application it follows.
"""

from __future__ import annotations

import hashlib
import math
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, model_validator

from jobintel_core.ingestion.reading.roles import default_roles
from jobintel_core.ingestion.reading.seniority import Seniority
from jobintel_core.matching.profiles.user_state import JobStatus
from jobintel_core.matching.scoring.explanations import LOCATION_PHRASES
from jobintel_core.matching.scoring.fusion_weights import FusionWeights, default_fusion_weights
from jobintel_core.matching.scoring.scorer import COMPONENTS, SALARY_FITS

if TYPE_CHECKING:
    from jobintel_core.feedback.events import Outcome, Rating

COMPANY_BUCKETS, PAY_BUCKETS, MISSING_BUCKETS = 32, 16, 16
LEVELS = (*(s.value for s in Seniority), "unknown")
LOCATION_FITS = tuple(LOCATION_PHRASES)
FAMILIES = (*default_roles().catalogue.families, "none")

INTERCEPT = "intercept"
COMPONENT_FEATURES = tuple(f"points_{c}" for c in COMPONENTS)
FEATURE_NAMES: tuple[str, ...] = (
    INTERCEPT,
    *COMPONENT_FEATURES,
    "semantic_z",
    *(f"level={v}" for v in LEVELS),
    *(f"location={v}" for v in LOCATION_FITS),
    *(f"salary={v}" for v in SALARY_FITS),
    *(f"family={v}" for v in FAMILIES),
    *(f"company#{i}" for i in range(COMPANY_BUCKETS)),
    *(f"pay#{i}" for i in range(PAY_BUCKETS)),
    *(f"missing#{i}" for i in range(MISSING_BUCKETS)),
)
INDEX = {name: i for i, name in enumerate(FEATURE_NAMES)}
# One reward unit is 50 rule points: the prior maps a score of 0 to −1 and 100 to +1.
POINTS_PER_REWARD = 50.0
NOISE_PRIOR_SHAPE = 2.0  # the inverse-gamma prior of the rating noise: as weak as a mean allows
STARS_REWARD = {1: -1.0, 2: -0.5, 3: 0.0, 4: 0.5, 5: 1.0}
STAGE_FLOOR = {  # an outcome's least reward: the person wanted the job enough to act on it
    JobStatus.APPLIED: 0.5,
    JobStatus.SCREEN: 0.6,
    JobStatus.INTERVIEWING: 0.7,
    JobStatus.OFFER: 1.0,
    JobStatus.REJECTED: 0.5,  # the employer's decision, not the person's taste: the application
    JobStatus.NO_ANSWER: 0.5,
}
STAGE_CEILING = {JobStatus.WITHDRAWN: -0.5}


def stable_hash(text: str) -> int:
    """A hash that is the same in every process (Python's ``hash`` of a str is salted per run)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def company_bucket(company: str) -> int:
    return stable_hash(" ".join(str(company).casefold().split())) % COMPANY_BUCKETS


def pay_band(pay_yearly: float) -> int:
    """The √2 step of yearly pay a job is in: 80,000 and 100,000 are one band apart."""
    return math.floor(2 * math.log2(pay_yearly))


def pay_bucket(currency: str, band: int) -> int:
    return stable_hash(f"{currency}:{band}") % PAY_BUCKETS


def missing_bucket(term: str) -> int:
    return stable_hash(term.casefold()) % MISSING_BUCKETS


def _known(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _one_hot(matrix: np.ndarray, values: pd.Series, prefix: str, default: str) -> None:
    """Set ``prefix=value`` for each row (``default`` when the value is missing or not listed)."""
    names = values.astype(object).where(values.notna(), default).astype(str)
    codes, uniques = pd.factorize(names, sort=True)
    columns = np.array([INDEX.get(f"{prefix}={u}", INDEX[f"{prefix}={default}"]) for u in uniques])
    if len(codes):
        matrix[np.arange(len(codes)), columns[codes]] = 1.0


def _hashed(matrix: np.ndarray, values: pd.Series, column_of: Any) -> None:
    """Add 1 at ``column_of(value)`` (None: nothing) for each row, computed once per distinct value."""
    codes, uniques = pd.factorize(values.astype(object), sort=True)
    columns = {i: column_of(u) for i, u in enumerate(uniques)}
    for row, code in enumerate(codes):
        for column in columns.get(int(code)) or ():
            matrix[row, column] += 1.0


def _pay_columns(value: tuple[float, str] | Any) -> list[int]:
    pay, currency = value
    return [INDEX[f"pay#{pay_bucket(currency, pay_band(pay))}"]] if _known(pay) and pay > 0 else []


def feature_matrix(scores: pd.DataFrame) -> np.ndarray:
    """The features of each ``job_scores`` row (one profile's), float64, in ``FEATURE_NAMES`` order."""
    n = len(scores)
    matrix = np.zeros((n, len(FEATURE_NAMES)), dtype=np.float64)
    if not n:
        return matrix
    matrix[:, INDEX[INTERCEPT]] = 1.0
    points = scores[list(COMPONENT_FEATURES)].to_numpy(dtype=np.float64) / 100.0
    # the score is clamped at 0: penalties beyond the gains are scaled back to them, so the prior
    # predicts −1 for every job scoring 0 (not −3 for one that failed three rules)
    gains, penalties = np.clip(points, 0, None).sum(axis=1), -np.clip(points, None, 0).sum(axis=1)
    scale = np.divide(gains, penalties, out=np.ones(n), where=penalties > gains)
    points = np.where(points < 0, points * scale[:, None], points)
    matrix[:, [INDEX[name] for name in COMPONENT_FEATURES]] = points
    z = pd.to_numeric(scores["semantic_z"], errors="coerce").to_numpy(dtype=np.float64)
    matrix[:, INDEX["semantic_z"]] = np.nan_to_num(np.clip(z, -3, 3) / 3, nan=0.0)
    _one_hot(matrix, scores["job_level"], "level", "unknown")
    _one_hot(matrix, scores["location_fit"], "location", "unknown")
    _one_hot(matrix, scores["salary_fit"], "salary", "unknown")
    roles = default_roles()
    families = scores["title"].astype(str).map(lambda t: roles.primary_family(t) or "none")
    _one_hot(matrix, families, "family", "none")
    _hashed(
        matrix, scores["company"].fillna(""), lambda c: [INDEX[f"company#{company_bucket(c)}"]] if c else []
    )
    pays = pd.Series(
        list(zip(scores["pay_yearly"].astype(float), scores["pay_currency"].fillna(""), strict=True))
    )
    _hashed(matrix, pays, _pay_columns)
    _hashed(
        matrix,
        scores["must_missing"].fillna(""),
        lambda m: [INDEX[f"missing#{missing_bucket(t.strip())}"] for t in str(m).split(",") if t.strip()],
    )
    return matrix


def feature_frame(scores: pd.DataFrame) -> pd.DataFrame:
    """``job_id`` and the features: what ``fit_preferences`` takes for the rated jobs."""
    frame = pd.DataFrame(feature_matrix(scores), columns=list(FEATURE_NAMES))
    frame.insert(0, "job_id", scores["job_id"].to_numpy())
    return frame


class Label(BaseModel):
    """One job's reward for the person, from their latest rating and furthest outcome by ``on``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    job_id: str = Field(min_length=1)
    reward: float = Field(ge=-1.0, le=1.0)
    on: date


def labels_from_events(ratings: list[Rating], outcomes: list[Outcome], through: date) -> list[Label]:
    """One label per job from the events on or before ``through``, sorted by job id.

    The latest rating gives the reward (a person may change their mind); an outcome bounds it
    (``STAGE_FLOOR`` / ``STAGE_CEILING``): applying says "I want this" whatever the stars said."""
    reward: dict[str, float] = {}
    when: dict[str, date] = {}
    for rating in sorted((r for r in ratings if r.on <= through), key=lambda r: r.on):  # stable: file order
        reward[rating.job_id] = STARS_REWARD[rating.stars]
        when[rating.job_id] = rating.on
    for outcome in sorted((o for o in outcomes if o.on <= through), key=lambda o: o.on):
        stage = JobStatus(outcome.stage)
        if stage in STAGE_FLOOR:
            reward[outcome.job_id] = max(reward.get(outcome.job_id, -1.0), STAGE_FLOOR[stage])
        elif stage in STAGE_CEILING:
            reward[outcome.job_id] = min(reward.get(outcome.job_id, 1.0), STAGE_CEILING[stage])
        else:
            continue
        when[outcome.job_id] = max(when.get(outcome.job_id, outcome.on), outcome.on)
    return [Label(job_id=j, reward=reward[j], on=when[j]) for j in sorted(reward)]


class Hyper(BaseModel):
    """The learner's settings; the defaults are the ones ``bench/feedback.py`` reports."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    noise_sd: float = Field(default=0.5, gt=0, description="rating noise, reward units (one star ≈ 0.5)")
    component_sd: float = Field(default=1.0, gt=0, description="prior sd of a component's coefficient")
    extra_sd: float = Field(default=0.35, gt=0, description="prior sd of every other feature's coefficient")
    intercept_sd: float = Field(default=1.0, gt=0)
    cap: float = Field(default=10.0, gt=0, description="preference points never exceed ±cap")
    prior_log_odds: float = Field(
        default=0.0, description="log odds of a taste beyond the default, before labels"
    )
    half_life_days: float | None = Field(
        default=21.0,
        gt=0,
        description="a label this many days old counts half (tastes drift); None: all count fully",
    )


def prior(hyper: Hyper) -> tuple[np.ndarray, np.ndarray]:
    """(mean, sd) of the coefficients before any label: Matching v3's score as a reward. The
    fitted weights are already in the points columns, so the mean is the same for every version of
    them; the model records the version, so a change of weights is visible in its history."""
    mean = np.zeros(len(FEATURE_NAMES))
    sd = np.full(len(FEATURE_NAMES), hyper.extra_sd)
    mean[INDEX[INTERCEPT]], sd[INDEX[INTERCEPT]] = -1.0, hyper.intercept_sd
    for name in COMPONENT_FEATURES:
        mean[INDEX[name]] = 100.0 / POINTS_PER_REWARD
        sd[INDEX[name]] = hyper.component_sd
    return mean, sd


def _rounded(values: np.ndarray) -> list[Any]:
    """Floats rounded to 10 decimals: the stored model's hash does not depend on the last bits of
    a BLAS call."""
    rounded: list[Any] = np.round(values, 10).tolist()
    return rounded


class PreferenceModel(BaseModel):
    """A person's posterior over ``feature_names`` after ``n_labels`` labels up to ``through``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    profile: str
    through: date
    n_labels: int = Field(ge=0)
    n_unmatched: int = Field(default=0, ge=0, description="labels of jobs without features, not used")
    feature_names: list[str]
    prior_version: str = Field(description="data/fusion_weights.yaml's version")
    hyper: Hyper
    prior_mean: list[float]
    prior_sd: list[float]
    mean: list[float]
    covariance: list[list[float]]
    support_high: list[int] = Field(description="per feature: labels with it present and reward ≥ 0.5")
    support_low: list[int] = Field(description="per feature: labels with it present and reward ≤ −0.5")
    evidence: float = Field(
        ge=0,
        le=1,
        description="probability that the labels show a taste the features express, beyond the default's "
        "(against: the default order plus noise; stars that follow nothing); see log_evidence",
    )

    @model_validator(mode="after")
    def _shapes(self) -> PreferenceModel:
        n = len(self.feature_names)
        if tuple(self.feature_names) != FEATURE_NAMES:
            raise ValueError("feature_names differ from this version's FEATURE_NAMES: refit the model")
        sizes = [len(self.prior_mean), len(self.prior_sd), len(self.mean), len(self.covariance)]
        if any(s != n for s in sizes) or any(len(r) != n for r in self.covariance):
            raise ValueError(f"posterior arrays must all have {n} entries per feature")
        return self

    def delta(self) -> np.ndarray:
        """What the labels changed, per coefficient (the intercept moves every job alike: 0)."""
        change: np.ndarray = np.asarray(self.mean) - np.asarray(self.prior_mean)
        change[INDEX[INTERCEPT]] = 0.0
        return change

    def covariance_matrix(self) -> np.ndarray:
        return np.asarray(self.covariance, dtype=np.float64)


def fit_preferences(
    profile: str,
    features: pd.DataFrame,
    labels: list[Label],
    through: date,
    hyper: Hyper | None = None,
    weights: FusionWeights | None = None,
) -> PreferenceModel:
    """The posterior of a Bayesian linear regression of reward on features, prior ``prior``.

    ``features``: ``job_id`` and ``FEATURE_NAMES`` columns for (at least) the labelled jobs; a job
    listed twice uses its first row. Labels after ``through`` are ignored; labels of jobs without a
    row are counted in ``n_unmatched``."""
    hyper = hyper or Hyper()
    weights = weights or default_fusion_weights()
    missing = [n for n in ("job_id", *FEATURE_NAMES) if n not in features.columns]
    if missing:
        raise ValueError(
            f"features: missing column(s) {', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}"
        )
    rows = features.drop_duplicates("job_id").set_index("job_id")
    used = [label for label in labels if label.on <= through and label.job_id in rows.index]
    unmatched = sum(1 for label in labels if label.on <= through and label.job_id not in rows.index)
    x = rows.loc[[label.job_id for label in used], list(FEATURE_NAMES)].to_numpy(dtype=np.float64)
    y = np.array([label.reward for label in used], dtype=np.float64)
    age = np.array([(through - label.on).days for label in used], dtype=np.float64)
    weight = np.ones_like(y) if hyper.half_life_days is None else 0.5 ** (age / hyper.half_life_days)
    mean0, sd0 = prior(hyper)
    precision = np.diag(1 / sd0**2) + (x.T * weight) @ x / hyper.noise_sd**2
    covariance = np.linalg.inv(precision)
    only_level = np.zeros_like(sd0)
    only_level[INDEX[INTERCEPT]] = sd0[INDEX[INTERCEPT]]
    # against: the default order (only the level of stars free), or stars that follow nothing
    alternatives = np.logaddexp(
        log_evidence(x, y, weight, mean0, only_level, hyper),
        log_evidence(x, y, weight, np.zeros_like(mean0), only_level, hyper),
    )
    log_odds = log_evidence(x, y, weight, mean0, sd0, hyper) - float(alternatives)
    covariance = (covariance + covariance.T) / 2
    mean = covariance @ (mean0 / sd0**2 + (x.T * weight) @ y / hyper.noise_sd**2)
    present = x != 0
    return PreferenceModel(
        profile=profile,
        through=through,
        n_labels=len(used),
        n_unmatched=unmatched,
        feature_names=list(FEATURE_NAMES),
        prior_version=weights.version,
        hyper=hyper,
        prior_mean=_rounded(mean0),
        prior_sd=_rounded(sd0),
        mean=_rounded(mean),
        covariance=[_rounded(r) for r in covariance],
        support_high=(present & (y[:, None] >= 0.5)).sum(axis=0).astype(int).tolist(),
        support_low=(present & (y[:, None] <= -0.5)).sum(axis=0).astype(int).tolist(),
        evidence=round(float(1 / (1 + np.exp(-np.clip(log_odds + hyper.prior_log_odds, -50, 50)))), 10),
    )


def log_evidence(
    x: np.ndarray, y: np.ndarray, weight: np.ndarray, mean0: np.ndarray, sd0: np.ndarray, hyper: Hyper
) -> float:
    """log p(labels | model): the Bayesian linear model with its coefficients *and* its noise level
    integrated out (a normal-inverse-gamma prior: the noise's prior mean is ``noise_sd``², weakly
    held, the coefficients' sd are ``sd0`` at that noise). A coefficient with sd 0 is held at its
    prior mean. Comparing the full model with two where only the intercept (the person's level of
    stars) is free — around the default's prediction, or around nothing — gives Bayes factors:
    ratings the features do not explain (random, inconsistent) are better told by one of the two;
    a taste the features express is better told by the full model. Computed in feature space (matrix determinant lemma, Woodbury),
    so it costs the same for 30 labels or 3,000."""
    free = sd0 > 0
    xf, spread = x[:, free], sd0[free] ** 2 / hyper.noise_sd**2  # prior covariance in units of the noise
    residual = y - x @ mean0
    precision = np.diag(1 / spread) + (xf.T * weight) @ xf
    _, logdet_precision = np.linalg.slogdet(precision)
    projected = xf.T @ (weight * residual)
    quadratic = float(residual @ (weight * residual) - projected @ np.linalg.solve(precision, projected))
    logdet = logdet_precision + float(np.log(spread).sum()) - float(np.log(weight).sum())
    a0, b0 = NOISE_PRIOR_SHAPE, hyper.noise_sd**2 * (NOISE_PRIOR_SHAPE - 1)
    a_n, b_n = a0 + len(y) / 2, b0 + quadratic / 2
    return float(
        -len(y) / 2 * math.log(2 * math.pi)
        - logdet / 2
        + a0 * math.log(b0)
        - a_n * math.log(b_n)
        + math.lgamma(a_n)
        - math.lgamma(a0)
    )
