"""Pay ranges stated in text ("$108,400—$129,600 USD", "$34.62/hour", "€60k–75k per year").

The fallback behind every structured pay field: Greenhouse boards often state pay only in the
description, Lever in ``salaryDescription``. A stated range is only believed when it carries a
currency (so "3-5 years" or "401k" is never pay), and the interval is read from the words after it
("/hour", "per annum", "annually"); without them it stays ``unknown``. Amounts are parsed by
price-parser, which knows thousands and decimal separators in both the US and European styles.
"""

from __future__ import annotations

import re
from enum import StrEnum

from price_parser import Price
from pydantic import BaseModel, ConfigDict, field_validator


class CompensationInterval(StrEnum):
    YEAR = "year"
    MONTH = "month"
    WEEK = "week"
    DAY = "day"
    HOUR = "hour"
    UNKNOWN = "unknown"


class Compensation(BaseModel):
    """A pay range as the provider stated it; ``source`` says which payload field it came from."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    min: float | None = None
    max: float | None = None
    currency: str | None = None
    interval: CompensationInterval = CompensationInterval.UNKNOWN
    source: str | None = None

    @field_validator("currency")
    @classmethod
    def _upper_currency(cls, value: str | None) -> str | None:
        return value.strip().upper() or None if value else None


_CODES = "USD|EUR|GBP|CAD|AUD|NZD|CHF|SEK|NOK|DKK|PLN|CZK|INR|JPY|SGD|HKD|BRL|MXN|ILS|ZAR"
_SYMBOLS = {
    "US$": "USD",
    "CA$": "CAD",
    "C$": "CAD",
    "AU$": "AUD",
    "A$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    "R$": "BRL",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "JPY",
    "₹": "INR",
    "zł": "PLN",
    "₪": "ILS",
}
_CURRENCY = "|".join([*(re.escape(s) for s in sorted(_SYMBOLS, key=len, reverse=True)), _CODES])
_NUMBER = r"\d{1,3}(?:[,.\u00a0\u202f ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_AMOUNT = r"(?P<{p}pre>{cur})?\s?(?P<{p}num>{num})\s?(?P<{p}k>[kK]\b)?\s?(?P<{p}post>{cur})?"
_DASH = r"\s*(?:-|–|—|to|and|bis|à)\s*"
_INTERVAL = (
    r"(?P<interval>(?:/|per|an|a|each)\s*(?:hour|hr|year|yr|annum|month|mo|week|wk|day)\b"
    r"|hourly|annually|yearly|monthly|weekly|daily|p\.?\s?a\.?(?=\W|$)|annual\b)"
)
_RANGE = re.compile(
    _AMOUNT.format(p="a", cur=_CURRENCY, num=_NUMBER)
    + _DASH
    + _AMOUNT.format(p="b", cur=_CURRENCY, num=_NUMBER)
    + rf"(?:\s*(?P<code>{_CODES})\b)?(?:[\s,]*{_INTERVAL})?",
    re.IGNORECASE,
)
_SINGLE = re.compile(
    _AMOUNT.format(p="a", cur=_CURRENCY, num=_NUMBER) + rf"(?:\s*(?P<code>{_CODES})\b)?\s*{_INTERVAL}",
    re.IGNORECASE,
)
_INTERVAL_WORDS = {
    "hour": CompensationInterval.HOUR,
    "hr": CompensationInterval.HOUR,
    "year": CompensationInterval.YEAR,
    "yr": CompensationInterval.YEAR,
    "annum": CompensationInterval.YEAR,
    "annual": CompensationInterval.YEAR,
    "pa": CompensationInterval.YEAR,
    "month": CompensationInterval.MONTH,
    "mo": CompensationInterval.MONTH,
    "week": CompensationInterval.WEEK,
    "wk": CompensationInterval.WEEK,
    "day": CompensationInterval.DAY,
    "daily": CompensationInterval.DAY,
}


def _interval(text: str | None) -> CompensationInterval:
    if not text:
        return CompensationInterval.UNKNOWN
    word = re.sub(r"[^a-z]", "", text.lower())
    unit = re.sub(r"^(?:per|an|a|each)(?=[a-z])", "", word)  # "per year", "an hour"
    for key in (word, word.removesuffix("ly"), unit):  # "hourly", "annually" → "annual"
        if key in _INTERVAL_WORDS:
            return _INTERVAL_WORDS[key]
    return CompensationInterval.UNKNOWN


def _currency(*marks: str | None) -> str | None:
    for mark in marks:
        if mark:
            return _SYMBOLS.get(mark) or _SYMBOLS.get(mark.upper()) or mark.upper()
    return None


def _amount(number: str, thousands: str | None) -> float | None:
    parsed = Price.fromstring(number.replace("\u00a0", ",").replace("\u202f", ",").replace(" ", ","))
    if parsed.amount_float is None:
        return None
    return parsed.amount_float * (1000 if thousands else 1)


def pay_from_text(text: str | None, source: str) -> Compensation | None:
    """The first pay range (or single rate with an interval) stated in ``text``, or ``None``.

    ``source`` names the field the text came from (``content``, ``salaryDescription``) and is kept
    on the result, so a reader can tell a stated range from a structured one."""
    if not text:
        return None
    for pattern in (_RANGE, _SINGLE):
        for match in pattern.finditer(text):
            groups = match.groupdict()
            currency = _currency(
                groups.get("apre"),
                groups.get("bpre"),
                groups.get("apost"),
                groups.get("bpost"),
                groups.get("code"),
            )
            if currency is None:
                continue  # a range without a currency is not pay ("3-5 years")
            thousands_b = groups.get("bk")
            low = _amount(groups["anum"], groups.get("ak") or (thousands_b if pattern is _RANGE else None))
            high = _amount(groups["bnum"], thousands_b) if pattern is _RANGE else low
            if low is None or high is None or low <= 0 or high < low:
                continue
            return Compensation(
                min=low,
                max=high,
                currency=currency,
                interval=_interval(groups.get("interval")),
                source=source,
            )
    return None
