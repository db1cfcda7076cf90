"""Dates as résumés write them ("Jan 2020 – Present", "03/2018 - 06/2020", "2016–2019") read into
the JSON Resume form (``2020-01``, ``2018-03``, ``2016``), and back into words for drafts."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "januar", "jän"),
            ("february", "feb", "februar"),
            ("march", "mar", "märz", "maerz"),
            ("april", "apr"),
            ("may", "mai"),
            ("june", "jun", "juni"),
            ("july", "jul", "juli"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct", "oktober", "okt"),
            ("november", "nov"),
            ("december", "dec", "dezember", "dez"),
        ),
        start=1,
    )
    for name in names
}
MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_DATE = rf"(?:(?:{_MONTH})\.?\s+\d{{4}}|\d{{1,2}}[/.]\d{{4}}|\d{{4}}-\d{{2}}(?!\d)|\d{{4}})"
_OPEN = r"present|current|now|today|heute|ongoing"
RANGE = re.compile(
    rf"(?<![\w/])(?P<start>{_DATE})\s*(?:[–—-]|to|until|bis)\s*(?P<end>{_DATE}|{_OPEN})(?![\w/])",
    re.IGNORECASE,
)
SINGLE = re.compile(rf"(?<![\w/-])(?P<date>{_DATE})(?![\w/])", re.IGNORECASE)


@dataclass(frozen=True)
class DateSpan:
    start: str  # ISO: "2020" or "2020-01"; "" when not stated
    end: str  # "" for an open span ("present")
    matched: str  # the text as written, removed from the line it came from


def iso_date(text: str) -> str:
    """``Jan 2020`` / ``01/2020`` / ``2020-01`` → ``2020-01``; ``2020`` → ``2020``; other → ``""``."""
    text = text.strip().lower().rstrip(".")
    if re.fullmatch(r"\d{4}", text):
        return text
    if m := re.fullmatch(r"(\d{4})-(\d{2})", text):
        return f"{m[1]}-{m[2]}" if 1 <= int(m[2]) <= 12 else m[1]
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{4})", text):
        return f"{m[2]}-{int(m[1]):02d}" if 1 <= int(m[1]) <= 12 else m[2]
    if m := re.fullmatch(rf"({_MONTH})\.?\s+(\d{{4}})", text):
        return f"{m[2]}-{MONTHS[m[1]]:02d}"
    return ""


def find_span(line: str) -> DateSpan | None:
    """The first date range in a line, or else a lone date (a graduation year) as its end."""
    if m := RANGE.search(line):
        end = m["end"]
        return DateSpan(iso_date(m["start"]), "" if re.fullmatch(_OPEN, end, re.I) else iso_date(end), m[0])
    if m := SINGLE.search(line):
        return DateSpan("", iso_date(m["date"]), m[0])
    return None


def show_date(iso: str) -> str:
    """``2020-01`` → ``Jan 2020``; ``2020`` → ``2020``; ``""`` → ``""``."""
    if m := re.fullmatch(r"(\d{4})-(\d{2})", iso):
        return f"{MONTH_NAMES[int(m[2]) - 1]} {m[1]}"
    return iso


def show_span(start: str, end: str, open_word: str = "present") -> str:
    """How drafts write a span: ``Jan 2020 – present``, ``2016 – 2019``, or the one date there is."""
    if start:
        return f"{show_date(start)} – {show_date(end) if end else open_word}"
    return show_date(end)


def months_between(start: str, end: str) -> int:
    """Whole months from ``start`` to ``end`` (ISO, year or year-month); 0 when unknown."""

    def ordinal(iso: str) -> int | None:
        if not iso:
            return None
        year, _, month = iso.partition("-")
        return int(year) * 12 + (int(month) if month else 1) - 1

    a, b = ordinal(start), ordinal(end)
    return max(0, b - a) if a is not None and b is not None else 0
