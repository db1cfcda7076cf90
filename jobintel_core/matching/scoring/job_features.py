"""What scoring needs of the day's jobs, as arrays computed once and shared by every profile.

Most per-job facts repeat (titles, places, currencies), so each is reduced to a small table of
distinct values plus an index per job: a profile's rule runs once per distinct value, and numpy
maps the answers back to every job.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any, SupportsIndex, TypeVar

import numpy as np
import pandas as pd

from jobintel_core.base.words import fold
from jobintel_core.ingestion.reading.locations import Place, resolve_locations
from jobintel_core.ingestion.reading.posting_reading import read_posting
from jobintel_core.ingestion.reading.roles import default_roles
from jobintel_core.ingestion.reading.time_zones import UtcWindow, utc_window

# The language a posting is written in, by its commonest small words (the first 300 characters are
# plenty): the embedding model reads English best, so a posting's cosine is compared with the day's
# cosines of postings in its own language (``scorer.semantic_z``), not with English ones.
_LANGUAGE_WORDS = {
    "de": re.compile(r"\b(?:und|der|die|das|wir|sie|mit|für|unser|unsere|du|bei)\b"),
    "fr": re.compile(r"\b(?:et|les|des|vous|nous|une|pour|avec|est|dans|du)\b"),
    "es": re.compile(r"\b(?:y|los|las|una|para|con|nuestro|nuestra|somos|tu|del)\b"),
    "en": re.compile(r"\b(?:and|the|you|we|our|with|for|to|of|is|in)\b"),
}
_LANGUAGE_SAMPLE = 300
_ACCENTED = "äöüßéèêàçñáíóú"  # German, French and Spanish write some within a paragraph; English rarely


def text_language(text: str) -> str:
    """ "en", "de", "fr" or "es": the one whose small words a text uses most (English on a tie)."""
    sample = text[:_LANGUAGE_SAMPLE]
    if not any(letter in sample for letter in _ACCENTED):  # most postings, at the cost of a few scans
        return "en"
    sample = sample.lower()
    counts = {lang: len(words.findall(sample)) for lang, words in _LANGUAGE_WORDS.items()}
    return max(counts, key=lambda lang: (counts[lang], lang == "en"))


ANNUAL = {"year": 1, "month": 12, "week": 52, "day": 260, "hour": 2080}
CARRIED = ("job_id", "title", "company", "provider", "url", "posted_at", "first_seen")

K = TypeVar("K", bound=Hashable)
# One job's location as scoring sees it: workplace, remote region, whether a remote place is
# listed, its sites as (folded city, country, name to show), and the UTC offsets a remote hire must
# work in when the text states them.
LocationKey = tuple[
    str, str | None, bool, tuple[tuple[str | None, str | None, str | None], ...], UtcWindow | None
]


def _codes(values: Iterable[K]) -> tuple[list[K], np.ndarray]:
    """Distinct values (first-seen order) and each value's index into them."""
    index: dict[K, int] = {}
    codes = [index.setdefault(v, len(index)) for v in values]
    return list(index), np.asarray(codes, dtype=np.int64)


def _string_codes(column: pd.Series | None, n: int) -> tuple[list[str | None], np.ndarray]:
    """``_codes`` for a column of strings (or missing values), in C: titles repeat a lot."""
    if column is None:
        return [None], np.zeros(n, dtype=np.int64)
    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    values: list[str | None] = [str(u) for u in uniques]
    if (codes < 0).any():
        codes = np.where(codes < 0, len(values), codes)
        values.append(None)
    return values, codes.astype(np.int64)


@lru_cache(maxsize=65536)
def _folded_city(city: str | None) -> str | None:
    return fold(city) or None


def _location_key(
    workplace: str, region: str | None, places: Iterable[Mapping[str, Any]] | None, text: object
) -> LocationKey:
    listed = list(places) if places is not None else []
    sites = tuple(
        (_folded_city(p.get("city")), p.get("country_code"), p.get("city") or p.get("text"))
        for p in listed
        if not p.get("remote")
    )
    remote = any(p.get("remote") for p in listed)
    work = str(workplace or "unknown")
    hours = utc_window(text) if (remote or work == "remote") and isinstance(text, str) else None
    return (work, region if isinstance(region, str) else None, remote, sites, hours)


def _column(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column, or all-missing when a table predates it (scoring never fails for a missing fact)."""
    return frame[name] if name in frame else pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _yearly(frame: pd.DataFrame) -> np.ndarray:
    amount = pd.to_numeric(_column(frame, "compensation_max"), errors="coerce").to_numpy(dtype="float64")
    low = pd.to_numeric(_column(frame, "compensation_min"), errors="coerce").to_numpy(dtype="float64")
    amount = np.where(np.isnan(amount), low, amount)
    factor: np.ndarray = _column(frame, "compensation_interval").map(ANNUAL).astype("float64").to_numpy()
    yearly: np.ndarray = amount * factor  # NaN when the amount or the interval is unknown
    return yearly


def _listed_on(frame: pd.DataFrame) -> pd.Series:
    posted = pd.to_datetime(_column(frame, "posted_at"), utc=True).dt.date
    return posted.where(posted.notna(), _column(frame, "first_seen"))


class JobTexts:
    """Each job's title and description, as the text rules read them, made when read: a list of
    them copied every description (~190 MB at 55,000 jobs) for rules that read most of them once."""

    def __init__(self, titles: list[str], descriptions: list[str | None]) -> None:
        self._titles, self._descriptions = titles, descriptions

    def __len__(self) -> int:
        return len(self._titles)

    def __getitem__(self, row: SupportsIndex) -> str:
        return f"{self._titles[row]}\n{self._descriptions[row] or ''}"

    def __iter__(self) -> Iterator[str]:
        return (f"{t}\n{d or ''}" for t, d in zip(self._titles, self._descriptions, strict=True))


@dataclass
class JobFeatures:
    carried: pd.DataFrame
    titles: list[str]
    title_codes: np.ndarray
    skills: list[frozenset[str]]
    texts: JobTexts
    levels: list[str | None]
    level_codes: np.ndarray
    locations: list[LocationKey]
    location_codes: np.ndarray
    yearly_pay: np.ndarray
    currencies: list[str | None]
    currency_codes: np.ndarray
    listed_on: pd.Series
    body_families: list[frozenset[str]]  # the work's families read from the skills, for odd titles
    body_codes: np.ndarray
    languages: list[str]  # the distinct languages of the descriptions (text_language)
    language_codes: np.ndarray
    _skill_rows: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.carried)

    def age_days(self, day: date) -> np.ndarray:
        """Days since the job was posted (or first seen); NaN when neither is known."""
        listed = pd.to_datetime(self.listed_on, errors="coerce")
        days: np.ndarray = np.maximum((pd.Timestamp(day) - listed).dt.days.astype("float64").to_numpy(), 0)
        return days

    def has_skill(self, names: Iterable[str]) -> np.ndarray:
        """Jobs whose ``skills`` name any of ``names``."""
        out = np.zeros(len(self), dtype=bool)
        for name in names:
            if name not in self._skill_rows:
                self._skill_rows[name] = np.fromiter(
                    (name in s for s in self.skills), dtype=bool, count=len(self)
                )
            out |= self._skill_rows[name]
        return out


_READ = ("skills", "role_family", "seniority", "years_experience", "remote_region")
# Every column of the jobs table that scoring reads (``with_readings`` and ``job_features``): a step
# holding a wide table (the day's history, ~45 columns) reads only these. A column left out would
# score as unknown rather than fail, so a column read here must be listed here.
SCORED_COLUMNS = (
    *CARRIED,
    *_READ,
    "description_text",
    "locations",
    "places",
    "workplace_type",
    "compensation_min",
    "compensation_max",
    "compensation_interval",
    "compensation_currency",
)


def with_readings(jobs: pd.DataFrame) -> pd.DataFrame:
    """``jobs`` with what ingestion reads from each posting (``ingestion.reading``) filled in where
    it is missing: rows stored before those columns existed (an old history partition, a replay of
    an old day) are read now, the same way, instead of scoring as if they asked for nothing."""
    missing = jobs["skills"].isna() if "skills" in jobs else pd.Series(True, index=jobs.index)
    if not missing.any():
        return jobs
    jobs = jobs.copy()
    for name in (*_READ, "places"):
        if name not in jobs:
            jobs[name] = None
        jobs[name] = jobs[name].astype(object)
    for index in jobs.index[missing]:
        row = jobs.loc[index]
        places = row.get("places")
        if places is None or (isinstance(places, float) and pd.isna(places)):
            places = [p.model_dump() for p in resolve_locations(list(row.get("locations") or []))[1]]
            jobs.at[index, "places"] = places
        reading = read_posting(
            row["title"],
            row.get("description_text") or "",
            [Place(**p) for p in places],
            row.get("workplace_type") or "unknown",
        )
        for name, value in reading.model_dump(mode="json").items():
            jobs.at[index, name] = value
    return jobs


def job_features(jobs: pd.DataFrame) -> JobFeatures:
    jobs = with_readings(jobs)
    n = len(jobs)

    def column(name: str) -> list[Any]:
        values: list[Any] = _column(jobs, name).tolist()
        return values

    titles, title_codes = _string_codes(jobs["title"], n)
    levels, level_codes = _string_codes(jobs.get("seniority"), n)
    locations, location_codes = _codes(
        _location_key(w, r, p, d)
        for w, r, p, d in zip(
            column("workplace_type"),
            column("remote_region"),
            column("places"),
            column("description_text"),
            strict=True,
        )
    )
    currencies, currency_codes = _string_codes(jobs.get("compensation_currency"), n)
    texts = JobTexts(jobs["title"].tolist(), column("description_text"))
    skills = [frozenset(s) if s is not None else frozenset() for s in column("skills")]
    roles = default_roles()
    odd_title = np.array([not roles.read(t).families if t else True for t in titles], dtype=bool)
    odd_rows = odd_title[title_codes] if n else np.zeros(0, dtype=bool)
    odd_index = np.flatnonzero(odd_rows)  # only odd titles are read by their body
    read, read_codes = _codes(roles.families_of_skills(skills[i]) for i in odd_index)
    body_families: list[frozenset[str]] = [frozenset(), *read]
    body_codes = np.zeros(n, dtype=np.int64)
    body_codes[odd_index] = read_codes + 1
    languages, language_codes = _codes(text_language(d or "") for d in column("description_text"))
    return JobFeatures(
        carried=pd.DataFrame({c: _column(jobs, c) for c in CARRIED}).reset_index(drop=True),
        titles=[title or "" for title in titles],  # never None: the jobs table requires a title
        title_codes=title_codes,
        skills=skills,
        texts=texts,
        levels=levels,
        level_codes=level_codes,
        locations=locations,
        location_codes=location_codes,
        yearly_pay=_yearly(jobs) if n else np.zeros(0),
        currencies=currencies,
        currency_codes=currency_codes,
        listed_on=_listed_on(jobs) if n else pd.Series([], dtype=object),
        body_families=body_families,
        body_codes=body_codes,
        languages=languages,
        language_codes=language_codes,
    )
