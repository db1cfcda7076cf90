"""The scorer before Matching v2 (issue 11), kept verbatim as the ranking benchmark's baseline.

What it did: explainable hybrid scores, 0–100, for every profile × open job.

Rules (85 points) say *why* a job fits; a bounded semantic term (0–15) lets a good fit written in
unusual words rise, but can never carry a job on its own or undo an exclusion.

| component     | max | rule |
| ------------- | --- | ---- |
| title         | 25  | best ``token_set_ratio`` of the job title against the profile's titles: 50 → 0, 95+ → 25 |
| seniority     | 10  | level read from the title: a wanted level 10, a neighbouring level 5, else 0 (any level: 10) |
| location      | 15  | remote job and remote wanted 15; a wanted place with an accepted workplace 15, with an unknown workplace 10, with another workplace 5; elsewhere 0 |
| must_have     | 15  | share of must-have skills named in the title or description |
| nice_to_have  | 5   | share of nice-to-have skills named |
| salary        | 8   | yearly max (or min) at or above the floor in the same currency 8; below 0; not stated or another currency 4 |
| freshness     | 7   | posted (or first seen) ≤ 3 days ago 7, falling linearly to 0 at 30 days |
| semantic      | 15  | cosine of job and profile vectors mapped linearly from [0.40, 0.80] to [0, 15], clamped |

A job that names an excluded skill or word scores 0 and is marked ``excluded`` whatever its
similarity. Rows are ordered by score (desc), ``posted_at`` (desc), ``job_id``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import pyarrow as pa
from rapidfuzz import fuzz

from jobintel_core.base.words import fold
from jobintel_core.ingestion.reading.seniority import Seniority
from jobintel_core.matching.profiles.profile import Profile

MAX_POINTS = {
    "title": 25,
    "seniority": 10,
    "location": 15,
    "must_have": 15,
    "nice_to_have": 5,
    "salary": 8,
    "freshness": 7,
    "semantic": 15,
}
SEMANTIC_RANGE = (0.40, 0.80)  # measured: unrelated roles ≈ 0.39–0.45 (median), strong matches 0.70–0.84
SEMANTIC_MAX = MAX_POINTS["semantic"]
_ANNUAL = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}
_LADDER = [
    Seniority.INTERN,
    Seniority.JUNIOR,
    Seniority.MID,
    Seniority.SENIOR,
    Seniority.STAFF,
    Seniority.PRINCIPAL,
]
_TRACK = [Seniority.MANAGER, Seniority.DIRECTOR]
_LEVEL_WORDS = [
    (Seniority.INTERN, r"intern|internship|apprentice|working student|trainee"),
    (Seniority.DIRECTOR, r"director|vp|vice president|head of|chief"),
    (Seniority.MANAGER, r"manager|management"),
    (Seniority.PRINCIPAL, r"principal|distinguished"),
    (Seniority.STAFF, r"staff"),
    (Seniority.SENIOR, r"senior|sr|lead"),
    (Seniority.JUNIOR, r"junior|jr|graduate|entry level"),
]
_LEVEL_PATTERNS = [(level, re.compile(rf"\b({words})\b")) for level, words in _LEVEL_WORDS]

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
        *[(f"points_{name}", pa.float64()) for name in MAX_POINTS],
        ("cosine", pa.float64()),
        ("reasons", pa.string()),
        ("explanation", pa.string()),
    ]
)


def term_pattern(term: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w+#]){re.escape(fold(term))}(?![\w+#])")


def seniority_of(title: str) -> Seniority:
    folded = fold(title)
    for level, pattern in _LEVEL_PATTERNS:
        if pattern.search(folded):
            return level
    return Seniority.MID


@dataclass(frozen=True)
class PreparedJob:
    """What scoring needs of a job, computed once and shared by every profile."""

    row: Mapping[str, Any]
    title: str
    text: str
    level: Seniority
    places: tuple[str, ...]
    workplace: str
    yearly_pay: float | None
    currency: str | None
    listed_on: date | None


def _yearly(row: Mapping[str, Any]) -> float | None:
    amount = row.get("compensation_max")
    if amount is None or pd.isna(amount):
        amount = row.get("compensation_min")
    if amount is None or pd.isna(amount):
        return None
    factor = _ANNUAL.get(row.get("compensation_interval") or "")
    return float(amount) * factor if factor else None


def _listed_on(row: Mapping[str, Any]) -> date | None:
    posted = row.get("posted_at")
    if posted is not None and not pd.isna(posted):
        return (posted.to_pydatetime() if hasattr(posted, "to_pydatetime") else posted).date()
    first = row.get("first_seen")
    return first if isinstance(first, date) else None


def prepare_jobs(jobs: pd.DataFrame) -> list[PreparedJob]:
    prepared = []
    for row in jobs.to_dict("records"):
        locations = row.get("locations")
        places = tuple(fold(p) for p in (list(locations) if locations is not None else []))
        prepared.append(
            PreparedJob(
                row=row,
                title=fold(row["title"]),
                text=fold(f"{row['title']}\n{row.get('description_text') or ''}"),
                level=seniority_of(row["title"]),
                places=places,
                workplace=row.get("workplace_type") or "unknown",
                yearly_pay=_yearly(row),
                currency=row.get("compensation_currency"),
                listed_on=_listed_on(row),
            )
        )
    return prepared


class ProfileScorer:
    """A profile's rules compiled once (patterns, folded names) and applied to prepared jobs."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.titles = [fold(t) for t in profile.titles]
        self.must = [(t, term_pattern(t)) for t in profile.must_have]
        self.nice = [(t, term_pattern(t)) for t in profile.nice_to_have]
        self.excluded = [(t, term_pattern(t)) for t in profile.excluded]
        self.places = [fold(p) for p in profile.locations if fold(p) not in ("remote",)]
        self.remote_ok = "remote" in profile.workplace
        self.workplaces = {w.value for w in profile.workplace}

    def _title(self, job: PreparedJob) -> tuple[float, str]:
        best, target = max((fuzz.token_set_ratio(job.title, t), t) for t in self.titles)
        points = MAX_POINTS["title"] * min(max((best - 50) / 45, 0), 1)
        return points, f"title vs {target!r}: similarity {best:.0f}"

    def _seniority(self, job: PreparedJob) -> tuple[float, str]:
        wanted = self.profile.seniority
        if not wanted:
            return MAX_POINTS["seniority"], f"level {job.level.value}; any level wanted"
        if job.level in wanted:
            return MAX_POINTS["seniority"], f"level {job.level.value} wanted"
        for track in (_LADDER, _TRACK):
            if job.level in track and any(
                w in track and abs(track.index(w) - track.index(job.level)) == 1 for w in wanted
            ):
                return MAX_POINTS["seniority"] / 2, f"level {job.level.value} next to a wanted level"
        return 0.0, f"level {job.level.value} not wanted"

    def _location(self, job: PreparedJob) -> tuple[float, str]:
        full = MAX_POINTS["location"]
        if job.workplace == "remote":
            return (full, "remote, remote wanted") if self.remote_ok else (0.0, "remote, not wanted")
        place = next((p for p in self.places if any(p in jp or jp in p for jp in job.places)), None)
        if place is None:
            return 0.0, f"{', '.join(job.places) or 'no location'}: not a wanted place"
        if job.workplace in self.workplaces:
            return full, f"{job.workplace} in {place}"
        if job.workplace == "unknown":
            return full * 2 / 3, f"in {place}, workplace not stated"
        return full / 3, f"in {place}, but {job.workplace}"

    @staticmethod
    def _share(job: PreparedJob, terms: list, maximum: float, label: str) -> tuple[float, str]:
        if not terms:
            return maximum, f"no {label} skills listed"
        found = [t for t, pattern in terms if pattern.search(job.text)]
        missing = [t for t, _ in terms if t not in found]
        why = f"{len(found)}/{len(terms)} {label}" + (f"; missing {', '.join(missing)}" if missing else "")
        return maximum * len(found) / len(terms), why

    def _salary(self, job: PreparedJob) -> tuple[float, str]:
        floor, currency, half = (
            self.profile.salary_floor,
            self.profile.salary_currency,
            MAX_POINTS["salary"] / 2,
        )
        if floor is None:
            return MAX_POINTS["salary"], "no salary floor"
        if job.yearly_pay is None:
            return half, "pay not stated"
        if job.currency != currency:
            return half, f"pay in {job.currency}, floor in {currency} (not converted)"
        if job.yearly_pay >= floor:
            return MAX_POINTS["salary"], f"up to {job.yearly_pay:,.0f} {currency}/year ≥ floor {floor:,.0f}"
        return 0.0, f"up to {job.yearly_pay:,.0f} {currency}/year < floor {floor:,.0f}"

    @staticmethod
    def _freshness(job: PreparedJob, day: date) -> tuple[float, str]:
        if job.listed_on is None:
            return 0.0, "posting date unknown"
        age = max((day - job.listed_on).days, 0)
        points = MAX_POINTS["freshness"] * min(max((30 - age) / 27, 0), 1)
        return points, f"listed {age} days ago"

    @staticmethod
    def _semantic(cosine: float | None) -> tuple[float, str]:
        if cosine is None:
            return 0.0, "no embedding for this job"
        low, high = SEMANTIC_RANGE
        points = SEMANTIC_MAX * min(max((cosine - low) / (high - low), 0), 1)
        return points, f"cosine {cosine:.3f} mapped from [{low}, {high}] to [0, {SEMANTIC_MAX}]"

    def score(self, job: PreparedJob, cosine: float | None, day: date) -> dict[str, Any]:
        parts = {
            "title": self._title(job),
            "seniority": self._seniority(job),
            "location": self._location(job),
            "must_have": self._share(job, self.must, MAX_POINTS["must_have"], "must-have"),
            "nice_to_have": self._share(job, self.nice, MAX_POINTS["nice_to_have"], "nice-to-have"),
            "salary": self._salary(job),
            "freshness": self._freshness(job, day),
            "semantic": self._semantic(cosine),
        }
        hit = next((t for t, pattern in self.excluded if pattern.search(job.text)), None)
        total = 0.0 if hit else round(sum(points for points, _ in parts.values()), 2)
        explanation = {
            "excluded": f"names excluded term {hit!r}" if hit else None,
            "components": {
                k: {"points": round(p, 2), "max": MAX_POINTS[k], "why": why} for k, (p, why) in parts.items()
            },
            "similarity": {
                "cosine": None if cosine is None else round(cosine, 4),
                "range": list(SEMANTIC_RANGE),
            },
        }
        ranked = sorted(((p / MAX_POINTS[k], k) for k, (p, _) in parts.items() if p > 0), reverse=True)[:3]
        reasons = explanation["excluded"] or "; ".join(parts[k][1] for _, k in ranked)
        row = job.row
        return {
            "profile": self.profile.name,
            "job_id": row["job_id"],
            "score": total,
            "excluded": hit is not None,
            "title": row["title"],
            "company": row["company"],
            "provider": row["provider"],
            "url": row["url"],
            "posted_at": _or_none(row.get("posted_at")),
            "first_seen": _or_none(row.get("first_seen")),
            **{f"points_{k}": round(p, 2) for k, (p, _) in parts.items()},
            "cosine": None if cosine is None else round(cosine, 6),
            "reasons": reasons,
            "explanation": json.dumps(explanation, sort_keys=True, ensure_ascii=False),
        }


def _or_none(value: object) -> object:
    """pandas' NaT/NaN for "unknown" (boards without a posting date) as None, which Arrow accepts."""
    return None if value is None or pd.isna(value) else value


def order_scores(frame: pd.DataFrame) -> pd.DataFrame:
    """score desc, posted_at desc (unknown last), job_id asc; profile first when several."""
    posted = frame["posted_at"].map(
        lambda v: -v.timestamp() if v is not None and not pd.isna(v) else float("inf")
    )
    keyed = frame.assign(_posted=posted, _neg=-frame["score"])
    keyed = keyed.sort_values(["profile", "_neg", "_posted", "job_id"], kind="mergesort")
    return keyed.drop(columns=["_posted", "_neg"]).reset_index(drop=True)


def score_jobs(
    profiles: list[Profile], jobs: pd.DataFrame, cosines: Mapping[tuple[str, str], float], day: date
) -> pd.DataFrame:
    """Every profile × job; ``cosines[(profile, job_id)]`` is the similarity when the job has a vector."""
    prepared = prepare_jobs(jobs)
    rows = []
    for profile in profiles:
        scorer = ProfileScorer(profile)
        rows.extend(
            scorer.score(job, cosines.get((profile.name, job.row["job_id"])), day) for job in prepared
        )
    frame = pa.Table.from_pylist(rows, schema=SCORES_SCHEMA).to_pandas()
    return order_scores(frame)
