"""Explainable scores, 0–100, for every profile × open job, computed as arrays.

A job earns points for being the role (title, skills, meaning) and loses points for what rules it
out (level, place, pay, age). What is unknown — no level stated, no pay, no region — neither helps
nor hurts: a job must earn its place, and silence is not a virtue.

Each component has a *share* (0–1) computed by a rule below, and its points are the share times
its weight (``data/fusion_weights.yaml``, fitted on labelled rankings; ``fusion_weights``): gains
add, penalties subtract, every weight ≥ 0.

| component     | share (0–1) |
| ------------- | ----------- |
| title         | role families of the job title and the profile's titles (``ingestion.roles``): same family 0.8 + 0.2 × share of distinctive words, a related family 0.3 + 0.3 × share, no family known 0.5 × share, different families 0; a title naming no family is read by the families its skills describe (``body_match``), like the plain title of that family |
| must_have     | share of must-have terms the posting names (skills through the vocabulary, negation-aware) |
| nice_to_have  | share of nice-to-have terms named (one filed under a must-have's skill by its own words) |
| semantic      | cosine of job and profile vectors as a z-score against the day's cosines for this profile in the posting's language (median and spread, shrunk towards a prior on small days): 0 at or below the median, 1 at 1.5 σ above |
| seniority     | level (title and its track, then the text) one step from a wanted level 8/35, two or more 1; unknown 0 |
| location      | remote and open to a region (and UTC hours) the profile works in 0, remote elsewhere or in other hours 1, remote but not wanted 1/4; a site in a wanted place 0 (3/8 if its workplace is not wanted); elsewhere 1; unknown 0 |
| salary        | yearly pay (max, else min) converted to the profile's currency (``data/exchange_rates.yaml``): how far under the floor, full at 25 % under; unknown or unconvertible 0 |
| freshness     | listed ≤ 21 days ago 0, rising to 1 at 60 days |

A profile that lists no must-have (or nice-to-have) terms gets no points for them: the other gains
are scaled up to keep 100 reachable (``gain_weights``). A profile that names no locations accepts
any place. A job naming an excluded term in earnest (``excluded_rows``) scores 0 and is marked ``excluded``. The score is
the sum, clamped to [0, 100]. Every component's points and the facts behind them are columns, and
``matching.explanations`` turns a row back into words, the same way for the shortlist, alerts and
CLI. Rows are ordered by profile, score (desc), ``posted_at`` (desc, unknown last), ``job_id``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from jobintel_core.base.words import fold_words
from jobintel_core.ingestion.reading.mention_stance import STANCES, mention_stance
from jobintel_core.ingestion.reading.skills import Vocabulary, default_vocabulary
from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.matching.scoring.currency import ExchangeRates, default_rates
from jobintel_core.matching.scoring.fusion_weights import FusionWeights, default_fusion_weights
from jobintel_core.matching.scoring.job_features import JobFeatures, LocationKey, job_features
from jobintel_core.matching.scoring.profile_rules import CompiledProfile, Term
from jobintel_core.storage.tables import frame_of

WEIGHTS = default_fusion_weights()
GAINS, PENALTIES = WEIGHTS.gains, WEIGHTS.penalties  # points of a full share (data/fusion_weights.yaml)
COMPONENTS = (*GAINS, *PENALTIES)
# Shares of a full penalty. A level one step away is a drawback, two or more rule the job out.
LEVEL_SHARE = {0: 0.0, 1: 8 / 35}
LOCATION_SHARE = {
    "remote_outside": 1.0,
    "remote_hours_outside": 1.0,
    "elsewhere": 1.0,
    "site_workplace_not_wanted": 0.375,
    "remote_not_wanted": 0.25,
}
SALARY_FULL_SHORTFALL = 0.25  # pay this far under the floor (25 %) takes the full salary penalty
FRESH_DAYS, STALE_DAYS = 21, 60
# The semantic prior: the median and (p95 − median) of MiniLM cosines between a profile and a day of
# postings from many fields. On the bench's labelled set the six profiles' medians are 0.15–0.28 and
# their spreads 0.26–0.33; rounded to 0.20 and 0.30. A day of n jobs weighs n against 20.
SEMANTIC_PRIOR_CENTER, SEMANTIC_PRIOR_SPREAD, SEMANTIC_PRIOR_WEIGHT = 0.20, 0.30, 20
# Full semantic points at +1.5 σ: postings of the role sit beyond it; further up, a cosine says how a
# text is worded, not how well the job fits (at +3 σ it reordered the right role's postings).
SEMANTIC_FULL_Z = 1.5

SCORES_SCHEMA = pa.schema(
    [
        ("profile", pa.string()),
        ("job_id", pa.string()),
        ("score", pa.float64()),
        ("excluded", pa.bool_()),
        ("title", pa.string()),
        ("company", pa.string()),
        ("provider", pa.string()),
        ("url", pa.string()),
        ("posted_at", pa.timestamp("us", tz="UTC")),
        ("first_seen", pa.date32()),
        *[(f"points_{name}", pa.float64()) for name in COMPONENTS],
        ("title_similarity", pa.float64()),
        ("title_target", pa.string()),
        ("must_found", pa.int32()),
        ("must_total", pa.int32()),
        ("must_missing", pa.string()),
        ("nice_found", pa.int32()),
        ("nice_total", pa.int32()),
        ("cosine", pa.float64()),
        ("semantic_z", pa.float64()),
        ("job_level", pa.string()),
        ("level_gap", pa.int32()),
        ("location_fit", pa.string()),
        ("location_detail", pa.string()),
        ("pay_yearly", pa.float64()),
        ("pay_currency", pa.string()),
        ("salary_fit", pa.string()),
        ("age_days", pa.float64()),
        ("excluded_term", pa.string()),
        # an excluded term the job names, but not in earnest, and why (negated, history,
        # not_needed, other_sense): the explanation says so
        ("excluded_mention", pa.string()),
        ("excluded_mention_stance", pa.string()),
    ]
)


def _literal_rows(features: JobFeatures, term: str) -> np.ndarray:
    """Jobs naming a term the vocabulary does not know, by the vocabulary's own rules. A cheap
    substring test on the term's longest word picks the candidates first."""
    words = fold_words(term)
    if not words:
        return np.zeros(len(features), dtype=bool)
    probe = max(words, key=len)
    matcher = Vocabulary.from_terms([term])
    return np.fromiter(
        (probe in text.lower() and bool(matcher.mentions(text).found) for text in features.texts),
        dtype=bool,
        count=len(features),
    )


def term_rows(features: JobFeatures, term: Term) -> np.ndarray:
    return _literal_rows(features, term.text) if term.literal else features.has_skill(term.skills)


def excluded_rows(features: JobFeatures, term: Term) -> tuple[np.ndarray, np.ndarray]:
    """(jobs naming an excluded term in earnest, and for the others that name it the index in
    ``STANCES`` of why it does not count: history, not needed, another sense; 0 when not named).
    Read per sentence by ``mention_stance``: "we migrated away from PHP" or "we settle Swift
    payments" do not exclude. The skills column (or the literal matcher) picks the candidates; only
    their sentences are read again."""
    rows = term_rows(features, term)
    stance = np.zeros(len(features), dtype=np.int64)
    names: tuple[str, ...]
    if term.literal:
        vocabulary, names = Vocabulary.from_terms([term.text]), (term.text,)
    else:
        vocabulary, names = default_vocabulary(), term.skills
    # a job whose every mention the skills reader reads as negated ("No PHP here") does not name the
    # term at all, like a must-have; finding those would scan every text (~0.2 s at 100,000 jobs)
    for i in np.flatnonzero(rows):
        read = mention_stance(features.texts[i], vocabulary, names)
        rows[i] = read is not None and read[0] == "earnest"
        if read is not None and not rows[i]:
            stance[i] = STANCES.index(read[0])
    return rows, stance


def _share(features: JobFeatures, terms: list[Term]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(found count, bitmask of found terms, names) per job."""
    found = np.zeros(len(features), dtype=np.int32)
    mask = np.zeros(len(features), dtype=np.int64)
    for i, term in enumerate(terms):
        rows = term_rows(features, term)
        found += rows
        mask |= rows.astype(np.int64) << i
    return found, mask, [t.text for t in terms]


@dataclass(frozen=True)
class Coded:
    """A column kept as its distinct values and each row's index into them: rules run once per
    distinct value (a title, a place, a level) and Arrow expands the column without Python objects."""

    values: list[Any]
    codes: np.ndarray

    def dense(self) -> np.ndarray:
        dense: np.ndarray = np.array(self.values, dtype=object)[self.codes]
        return dense


def _missing(mask: np.ndarray, names: list[str]) -> Coded:
    distinct, inverse = np.unique(mask, return_inverse=True)
    return Coded(
        [", ".join(n for i, n in enumerate(names) if not (m >> i) & 1) or None for m in distinct],
        inverse.reshape(-1),
    )


def semantic_z(cosines: np.ndarray) -> np.ndarray:
    """Each cosine as a z-score against the day's cosines for one profile, centred on their median
    with a robust spread ((p95 − median) / 1.645), both shrunk towards the prior so a day of three
    jobs is not normalised against itself. NaN (no vector) stays NaN."""
    valid = cosines[~np.isnan(cosines)]
    n, k = len(valid), SEMANTIC_PRIOR_WEIGHT
    median = float(np.median(valid)) if n else SEMANTIC_PRIOR_CENTER
    spread = float(np.percentile(valid, 95)) - median if n else SEMANTIC_PRIOR_SPREAD
    center = (n * median + k * SEMANTIC_PRIOR_CENTER) / (n + k)
    sigma = max((n * spread + k * SEMANTIC_PRIOR_SPREAD) / (n + k) / 1.645, 1e-3)
    return (cosines - center) / sigma


def location_fit(rules: CompiledProfile, key: LocationKey) -> tuple[str, str | None]:
    """(fit code, the place or region it is about) for one distinct job location."""
    workplace, region, remote_listed, sites, hours = key
    if workplace == "remote" or remote_listed:
        if not rules.remote_ok:
            return "remote_not_wanted", region
        if hours is not None and not rules.works_in_hours(hours):
            return "remote_hours_outside", utc_text(hours)
        if region is None:
            return ("remote_ok", utc_text(hours)) if hours is not None else ("remote_region_unknown", None)
        return ("remote_ok" if rules.remote_eligible(region) else "remote_outside"), region
    if not sites:
        return "unknown", None
    if not rules.sites:
        accepted = workplace == "unknown" or workplace in rules.workplaces
        return ("anywhere", None) if accepted else ("site_workplace_not_wanted", sites[0][2])
    place = rules.wanted_site(sites)
    if place is None:
        return "elsewhere", ", ".join(name or country or "?" for _, country, name in sites)
    if workplace == "unknown":
        return "site_workplace_unknown", place
    return ("site" if workplace in rules.workplaces else "site_workplace_not_wanted"), place


def utc_text(hours: tuple[float, float]) -> str:
    return f"UTC{hours[0]:+g} to UTC{hours[1]:+g}"


def gain_weights(must_total: int, nice_total: int, gains: dict[str, float] | None = None) -> dict[str, float]:
    """The gains' maxima for a profile: a profile that lists no must-have (or nice-to-have) skills
    gets no free points for them; the other gains are scaled up so a perfect fit still reaches 100."""
    gains = GAINS if gains is None else gains
    used = {
        k: v
        for k, v in gains.items()
        if not ((k == "must_have" and must_total == 0) or (k == "nice_to_have" and nice_total == 0))
    }
    scale = 100 / sum(used.values())
    return {k: used.get(k, 0) * scale for k in gains}


SALARY_FITS = ["no_floor", "unknown", "unconvertible", "meets", "below"]


def score_profile(
    features: JobFeatures,
    rules: CompiledProfile,
    cosines: np.ndarray,
    day: date,
    rates: ExchangeRates,
    fusion: FusionWeights = WEIGHTS,
) -> dict[str, np.ndarray | Coded]:
    """One profile's columns for every job (the rows of ``SCORES_SCHEMA`` minus the carried ones)."""
    n, profile = len(features), rules.profile
    matches = [rules.title_match(t) for t in features.titles]
    similarity = np.array([m[0] for m in matches], dtype=np.float64)[features.title_codes]
    body = [rules.body_match(f) for f in features.body_families]
    body_similarity = np.array([b[0] for b in body], dtype=np.float64)[features.body_codes]
    from_body = body_similarity > similarity  # an odd title: the role its text describes
    similarity = np.where(from_body, body_similarity, similarity)
    title_target = Coded(
        [m[1] for m in matches] + [b[1] for b in body],
        np.where(from_body, len(matches) + features.body_codes, features.title_codes),
    )

    must_found, must_mask, must_names = _share(features, rules.must)
    nice_found, _, _ = _share(features, rules.nice)
    must_share = must_found / len(rules.must) if rules.must else np.zeros(n)
    nice_share = nice_found / len(rules.nice) if rules.nice else np.zeros(n)
    weights = gain_weights(len(rules.must), len(rules.nice), fusion.gains)

    z = np.full(n, np.nan)
    for code in range(len(features.languages)):  # each language against the day's postings in it
        rows = features.language_codes == code
        z[rows] = semantic_z(cosines[rows])
    strength = np.nan_to_num(np.clip(z / SEMANTIC_FULL_Z, 0, 1), nan=0.0)

    gaps = [rules.level_gap(level) for level in features.levels]
    gap = np.array([-1 if g is None else g for g in gaps], dtype=np.int32)[features.level_codes]
    level_share = np.array([0.0 if g is None else LEVEL_SHARE.get(g, 1.0) for g in gaps], dtype=np.float64)[
        features.level_codes
    ]

    fits = [location_fit(rules, key) for key in features.locations]
    location_share = np.array([LOCATION_SHARE.get(f[0], 0.0) for f in fits], dtype=np.float64)[
        features.location_codes
    ]

    floor, currency = profile.salary_floor, profile.salary_currency
    if floor is None or currency is None:
        pay = np.full(n, np.nan)
        salary_code = np.zeros(n, dtype=np.int64)
    else:
        factor = np.array(
            [rates.factor(c, currency) or np.nan for c in features.currencies], dtype=np.float64
        )[features.currency_codes]
        pay = features.yearly_pay * factor
        salary_code = np.where(
            np.isnan(features.yearly_pay), 1, np.where(np.isnan(pay), 2, np.where(pay >= floor, 3, 4))
        )
    # how far under the floor, not just whether: 1 % under costs a little, 25 % or more the full penalty
    shortfall = (1 - pay / floor) / SALARY_FULL_SHORTFALL if floor else np.zeros(n)
    salary_share = np.where(salary_code == 4, np.clip(np.nan_to_num(shortfall), 0, 1), 0.0)

    age = features.age_days(day)
    stale = np.nan_to_num(np.clip((age - FRESH_DAYS) / (STALE_DAYS - FRESH_DAYS), 0, 1), nan=0.0)

    excluded_code = np.zeros(n, dtype=np.int64)  # 0: none; i + 1: the i-th excluded term
    mention_code = np.zeros(n, dtype=np.int64)  # the same, for a term named but not in earnest
    mention_stance_code = np.zeros(n, dtype=np.int64)  # why not: an index into STANCES
    for i in reversed(range(len(rules.excluded))):  # the first listed term that matches names it
        earnest, stance = excluded_rows(features, rules.excluded[i])
        excluded_code = np.where(earnest, i + 1, excluded_code)
        mention_code = np.where(stance > 0, i + 1, mention_code)
        mention_stance_code = np.where(stance > 0, stance, mention_stance_code)
    excluded = excluded_code > 0
    mention_code = np.where(excluded, 0, mention_code)
    mention_stance_code = np.where(excluded, 0, mention_stance_code)

    shares = {
        "title": similarity,
        "must_have": must_share,
        "nice_to_have": nice_share,
        "semantic": strength,
        "seniority": level_share,
        "location": location_share,
        "salary": salary_share,
        "freshness": stale,
    }
    penalties = fusion.penalties
    points = {k: weights[k] * v if k in weights else -penalties[k] * v for k, v in shares.items()}
    points = {k: np.round(v.astype(np.float64) + 0.0, 2) for k, v in points.items()}  # + 0.0: no −0.0
    total = np.clip(sum(points.values()), 0, 100)
    return {
        "score": np.where(excluded, 0.0, np.round(total, 2)),
        "excluded": excluded,
        **{f"points_{k}": v for k, v in points.items()},
        "title_similarity": np.round(similarity, 4),
        "title_target": title_target,
        "must_found": must_found,
        "must_total": np.full(n, len(rules.must), dtype=np.int32),
        "must_missing": _missing(must_mask, must_names),
        "nice_found": nice_found,
        "nice_total": np.full(n, len(rules.nice), dtype=np.int32),
        "cosine": np.round(cosines, 6),
        "semantic_z": np.round(z, 3),
        "job_level": Coded(features.levels, features.level_codes),
        "level_gap": np.ma.masked_less(gap, 0),
        "location_fit": Coded([f[0] for f in fits], features.location_codes),
        "location_detail": Coded([f[1] for f in fits], features.location_codes),
        "pay_yearly": np.round(pay, 0),
        "pay_currency": Coded([currency], np.zeros(n, dtype=np.int64)),
        "salary_fit": Coded(SALARY_FITS, salary_code),
        "age_days": age,
        "excluded_term": Coded([None, *(t.text for t in rules.excluded)], excluded_code),
        "excluded_mention": Coded([None, *(t.text for t in rules.excluded)], mention_code),
        "excluded_mention_stance": Coded([None, *STANCES[1:]], mention_stance_code),
    }


def _arrow_column(values: np.ndarray | Coded, order: np.ndarray, kind: pa.DataType) -> pa.Array:
    if isinstance(values, Coded):
        dictionary = pa.array(values.values, type=kind)
        return pa.DictionaryArray.from_arrays(
            pa.array(values.codes[order], pa.int32()), dictionary
        ).dictionary_decode()
    if isinstance(values, np.ma.MaskedArray):
        return pa.array(values.data[order], type=kind, mask=np.ma.getmaskarray(values)[order])
    return pa.array(values[order], type=kind, from_pandas=True)


def job_order(features: JobFeatures) -> np.ndarray:
    """Each job's place among equal scores: newest ``posted_at`` first (unknown last), then job_id."""
    carried = features.carried
    if not len(carried):
        return np.zeros(0, dtype=np.int64)
    posted = pd.to_datetime(carried["posted_at"], utc=True)
    newest_first = np.where(posted.isna(), np.inf, -posted.astype("int64").to_numpy().astype(np.float64))
    order = np.lexsort((carried["job_id"].to_numpy().astype(str), newest_first))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def _cosine_array(features: JobFeatures, cosines: Mapping[str, float] | pd.Series | None) -> np.ndarray:
    if cosines is None or len(cosines) == 0:
        return np.full(len(features), np.nan)
    series = cosines if isinstance(cosines, pd.Series) else pd.Series(dict(cosines), dtype=np.float64)
    aligned: np.ndarray = series.reindex(features.carried["job_id"]).to_numpy(dtype=np.float64)
    return aligned


def _by_profile(cosines: Mapping[Any, Any]) -> Mapping[str, Mapping[str, float] | pd.Series]:
    """Cosines keyed ``(profile, job_id)`` (the format before arrays) regrouped per profile."""
    if not cosines or not isinstance(next(iter(cosines)), tuple):
        return cosines
    grouped: dict[str, dict[str, float]] = {}
    for (profile, job_id), cosine in cosines.items():
        grouped.setdefault(profile, {})[job_id] = cosine
    return grouped


def score_jobs(
    profiles: list[Profile],
    jobs: pd.DataFrame,
    cosines: Mapping[str, Mapping[str, float] | pd.Series],
    day: date,
    rates: ExchangeRates | None = None,
    fusion: FusionWeights | None = None,
) -> pd.DataFrame:
    """``score_table`` as pandas."""
    return frame_of(score_table(profiles, jobs, cosines, day, rates, fusion))


def score_table(
    profiles: list[Profile],
    jobs: pd.DataFrame,
    cosines: Mapping[str, Mapping[str, float] | pd.Series],
    day: date,
    rates: ExchangeRates | None = None,
    fusion: FusionWeights | None = None,
) -> pa.Table:
    """Every profile × job, typed by ``SCORES_SCHEMA`` and ordered (Arrow: the daily step stores and
    hashes it without a pandas copy of its ~45 columns). ``cosines[profile][job_id]`` (or
    ``cosines[(profile, job_id)]``) is the similarity of the job's vector to the profile's; a job
    without one gets no semantic points."""
    rates = rates or default_rates()
    cosines = _by_profile(cosines)
    features = job_features(jobs)
    carried = pa.Table.from_pandas(features.carried, preserve_index=False)
    tie_break = job_order(features)
    parts = []
    for profile in sorted(profiles, key=lambda p: p.name):
        columns = score_profile(
            features,
            CompiledProfile(profile),
            _cosine_array(features, cosines.get(profile.name)),
            day,
            rates,
            fusion or WEIGHTS,
        )
        score = columns["score"]
        if isinstance(score, Coded):  # never: scores are numbers
            raise TypeError("the score column cannot be coded")
        order = np.lexsort((tie_break, -score))
        arrays = {name: carried.column(name).take(order) for name in carried.column_names}
        arrays.update(
            {
                name: _arrow_column(values, order, SCORES_SCHEMA.field(name).type)
                for name, values in columns.items()
            }
        )
        arrays["profile"] = pa.array(np.full(len(order), profile.name, dtype=object), pa.string())
        parts.append(
            pa.table(
                [arrays.get(f.name, pa.nulls(len(order), f.type)).cast(f.type) for f in SCORES_SCHEMA],
                schema=SCORES_SCHEMA,
            )
        )
    return pa.concat_tables(parts) if parts else SCORES_SCHEMA.empty_table()
