"""Time zones a remote posting is limited to, and the UTC offsets a country lives in.

"Remote, worldwide, but you must work within UTC+0 to UTC+3" is not open to someone in Denver,
though its region reads "worldwide": the hours decide. A posting states them as a UTC/GMT range
("UTC-8 to UTC-5", "between GMT+7 and GMT+10"), as a zone and a tolerance ("CET ± 2 hours"), or by
name ("US time zones", "European time zones"). Countries' offsets come from the IANA time zone
table shipped in the ``tzdata`` package (``zone.tab``), as standard (January) offsets, so no
country list is kept by hand.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from importlib.resources import files
from zoneinfo import ZoneInfo

UtcWindow = tuple[float, float]

_OFFSET = r"(?:utc|gmt)\s*(?:(?P<{n}sign>[+\-−–])\s*(?P<{n}h>\d{{1,2}})(?::(?P<{n}m>\d{{2}}))?)?"
_RANGE = re.compile(
    _OFFSET.format(n="a") + r"\s*(?:to|and|-|–|—|through|until)\s*" + _OFFSET.format(n="b"), re.IGNORECASE
)
_NAMED_ZONES = {
    "cet": 1.0,
    "cest": 2.0,
    "gmt": 0.0,
    "bst": 1.0,
    "eet": 2.0,
    "est": -5.0,
    "et": -5.0,
    "pst": -8.0,
    "pt": -8.0,
    "cst": -6.0,
    "mst": -7.0,
    "ist": 5.5,
    "sgt": 8.0,
    "aest": 10.0,
}
_TOLERANCE = re.compile(
    r"\b(?P<zone>cest|cet|gmt|bst|eet|est|pst|cst|mst|ist|sgt|aest)\s*(?:±|\+/-|\+-|plus or minus)\s*"
    r"(?P<hours>\d{1,2})\s*h",
    re.IGNORECASE,
)
_WITHIN = re.compile(
    r"\bwithin\s*(?P<hours>\d{1,2})\s*hours?\s*of\s*(?P<zone>cest|cet|gmt|bst|eet|est|pst|cst|mst|ist|sgt|aest)\b",
    re.IGNORECASE,
)
_NAMED_SPANS = [
    (re.compile(r"\b(?:us|u\.s\.|north american|american) time ?zones?\b", re.IGNORECASE), (-8.0, -5.0)),
    (re.compile(r"\beuropean time ?zones?\b", re.IGNORECASE), (0.0, 2.0)),
]


def _mentions_hours(text: str) -> bool:
    """A cheap first look (plain substring tests: scoring runs this on every remote job's text)."""
    return (
        "UTC" in text
        or "GMT" in text
        or "CET" in text
        or "±" in text
        or "+/-" in text
        or "ime zone" in text
        or "imezone" in text
        or "ime Zone" in text
        or "hours of" in text
        or "utc" in text
    )


def _offset(match: re.Match[str], name: str) -> float:
    hours = match.group(f"{name}h")
    if hours is None:
        return 0.0
    minutes = int(match.group(f"{name}m") or 0) / 60
    sign = -1.0 if match.group(f"{name}sign") in ("-", "−", "–") else 1.0
    return sign * (int(hours) + minutes)


def utc_window(text: str | None) -> UtcWindow | None:
    """The UTC offsets (low, high) a posting asks a remote hire to work in, or ``None``."""
    if not text or not _mentions_hours(text):
        return None
    if match := _RANGE.search(text):
        low, high = _offset(match, "a"), _offset(match, "b")
        return (min(low, high), max(low, high))
    if match := (_TOLERANCE.search(text) or _WITHIN.search(text)):
        center, hours = _NAMED_ZONES[match.group("zone").lower()], float(match.group("hours"))
        return (center - hours, center + hours)
    return next((span for pattern, span in _NAMED_SPANS if pattern.search(text)), None)


@lru_cache(maxsize=1)
def _country_offsets() -> dict[str, tuple[float, ...]]:
    """Standard UTC offsets of every zone of each country (``tzdata``'s ``zone.tab``)."""
    january = datetime(2026, 1, 15, 12)
    offsets: dict[str, set[float]] = {}
    table = files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    for line in table.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        country, _, zone, *_ = line.split("\t")
        delta = ZoneInfo(zone).utcoffset(january)
        if delta is not None:
            offsets.setdefault(country, set()).add(delta.total_seconds() / 3600)
    return {country: tuple(sorted(values)) for country, values in offsets.items()}


def country_span(country: str) -> UtcWindow | None:
    """The lowest and highest standard UTC offset of a country, or ``None`` when unknown."""
    offsets = _country_offsets().get(country.upper())
    return (offsets[0], offsets[-1]) if offsets else None


def windows_overlap(a: UtcWindow, b: UtcWindow, slack: float = 0.0) -> bool:
    return a[0] <= b[1] + slack and b[0] <= a[1] + slack
