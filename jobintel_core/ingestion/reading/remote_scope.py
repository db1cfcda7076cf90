"""Where a remote hire may live: the posting's remote region, and which regions overlap.

Boards say it in the location ("Remote (UK)", read by ``ingestion.locations``) or only in the text
("Remote within the UK only", "US-based remote", "fully remote across the EU", "work from
anywhere"). A remote posting that says neither but is listed at a site ("Hamburg, Germany") is
taken to hire in that site's country, as boards list remote roles under their hiring country.
Regions are compared by their countries: GeoNames continents, the 27 EU members, and the usual
business regions (EMEA, APAC, LATAM, North America).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from jobintel_core.base.words import fold_words
from jobintel_core.ingestion.reading.locations import Place, countries_by_continent, remote_region_code

WORLDWIDE = "worldwide"
_EU = frozenset(
    [
        "AT",
        "BE",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IE",
        "IT",
        "LV",
        "LT",
        "LU",
        "MT",
        "NL",
        "PL",
        "PT",
        "RO",
        "SK",
        "SI",
        "ES",
        "SE",
    ]
)
_MIDDLE_EAST = frozenset(
    ["AE", "SA", "QA", "KW", "BH", "OM", "IL", "JO", "LB", "TR", "IR", "IQ", "YE", "SY", "PS", "CY", "EG"]
)
_REMOTE_CUE = re.compile(r"\b(?:remote|remotely|work from anywhere|distributed)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"[.;!?\n](?:\s|$)|\n")
_WINDOW_AFTER, _WINDOW_BEFORE = 7, 3
_ANYWHERE = ("anywhere", "worldwide", "any country", "any location", "globally")


@lru_cache(maxsize=1)
def _regions() -> dict[str, frozenset[str]]:
    continents = countries_by_continent()
    europe, africa, asia = continents["EU"], continents["AF"], continents["AS"]
    americas = continents["NA"] | continents["SA"]
    return {
        "EU": _EU,
        "Europe": europe,
        "EMEA": europe | africa | _MIDDLE_EAST,
        "APAC": (asia - _MIDDLE_EAST) | continents["OC"],
        "Americas": americas,
        "North America": frozenset({"US", "CA", "MX"}),
        "LATAM": continents["SA"] | (continents["NA"] - {"US", "CA", "GL", "BM", "PM"}),
    }


def countries_of(region: str) -> frozenset[str] | None:
    """The ISO countries in a region or the one country of a code; ``None`` for worldwide."""
    if region == WORLDWIDE:
        return None
    return _regions().get(region, frozenset({region}))


def regions_overlap(a: str, b: str) -> bool:
    """Can someone in region ``b`` hold a remote job open to region ``a`` (or the other way)?"""
    ca, cb = countries_of(a), countries_of(b)
    return ca is None or cb is None or bool(ca & cb)


def _phrase_region(words: list[str]) -> str | None:
    """The longest 1–3 word phrase in ``words`` naming a region or country. Codes of two or three
    letters count only in capitals ("US", "UK", "EU"): "us" and "are" are words, not countries."""
    for size in (3, 2, 1):
        for start in range(len(words) - size + 1):
            phrase = words[start : start + size]
            if size == 1 and len(phrase[0]) <= 3 and not phrase[0].isupper():
                continue
            region = remote_region_code(" ".join(phrase))
            if region and region != WORLDWIDE:  # "anywhere in Europe" is Europe
                return region
    return None


def region_in_text(text: str) -> str | None:
    """The remote region a posting's text states near a remote cue, or ``None``."""
    for match in _REMOTE_CUE.finditer(text or ""):
        after = fold_words(_SENTENCE_END.split(text[match.end() : match.end() + 80])[0], keep_case=True)
        before = fold_words(
            _SENTENCE_END.split(text[max(0, match.start() - 30) : match.start()])[-1], keep_case=True
        )
        after, before = after[:_WINDOW_AFTER], before[-_WINDOW_BEFORE:]
        region = _phrase_region(after) or _phrase_region(before)
        if region:
            return region
        nearby = " ".join(w.lower() for w in [*before, *after])
        if match.group(0).lower() == "work from anywhere" or any(a in nearby for a in _ANYWHERE):
            return WORLDWIDE
    return None


def remote_region(places: Iterable[Place], workplace: str, text: str) -> str | None:
    """Where a hire for a remote posting may live (``None``: not remote, or not said)."""
    places = list(places)
    remote_places = [p for p in places if p.remote]
    if workplace != "remote" and not remote_places:
        return None
    stated = next((p.remote_region for p in remote_places if p.remote_region), None)
    if stated:
        return stated
    in_text = region_in_text(text)
    if in_text:
        return in_text
    return next((p.country_code for p in places if not p.remote and p.country_code), None)
