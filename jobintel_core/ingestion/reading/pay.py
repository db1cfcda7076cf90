"""Pay ranges stated in text ("$108,400—$129,600 USD", "$34.62/hour", "€60k–75k per year").

The fallback behind every structured pay field, for every family: Greenhouse and Ashby boards
often state pay only in the description, Lever in ``salaryDescription`` or ``additional``,
career pages in the text beside ``baseSalary``. A stated range is only believed when it carries a
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
    "MX$": "MXN",
    "Mex$": "MXN",
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
# The intervals as German, French and Spanish postings state them (their boards carry the same
# ranges in their own words: "60.000 – 75.000 € pro Jahr", "200 000 MX$ al año").
_FOREIGN_INTERVALS = {
    "pro jahr": CompensationInterval.YEAR,
    "im jahr": CompensationInterval.YEAR,
    "jährlich": CompensationInterval.YEAR,
    "pro monat": CompensationInterval.MONTH,
    "im monat": CompensationInterval.MONTH,
    "monatlich": CompensationInterval.MONTH,
    "pro stunde": CompensationInterval.HOUR,
    "par an": CompensationInterval.YEAR,
    "par année": CompensationInterval.YEAR,
    "annuel": CompensationInterval.YEAR,
    "annuelle": CompensationInterval.YEAR,
    "par mois": CompensationInterval.MONTH,
    "mensuel": CompensationInterval.MONTH,
    "mensuelle": CompensationInterval.MONTH,
    "par heure": CompensationInterval.HOUR,
    "de l'heure": CompensationInterval.HOUR,
    "al año": CompensationInterval.YEAR,
    "por año": CompensationInterval.YEAR,
    "anual": CompensationInterval.YEAR,
    "al mes": CompensationInterval.MONTH,
    "por mes": CompensationInterval.MONTH,
    "mensual": CompensationInterval.MONTH,
    "por hora": CompensationInterval.HOUR,
}
_FOREIGN = "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_FOREIGN_INTERVALS, key=len, reverse=True)
)
_INTERVAL = (
    r"(?P<interval>(?:/|per|an|a|each)\s*(?:hour|hr|year|yr|annum|month|mo|week|wk|day)\b"
    rf"|hourly|annually|yearly|monthly|weekly|daily|p\.?\s?a\.?(?=\W|$)|annual\b|(?:{_FOREIGN})(?!\w))"
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
    if foreign := _FOREIGN_INTERVALS.get(" ".join(text.lower().split())):
        return foreign
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


# Stated pay is on one line: only lines with a currency are searched (descriptions are long).
_LINE = re.compile(r"[^\n]+")
_CURRENCY_MARK = re.compile(_CURRENCY)
# Words that make an amount pay: said next to it or in the heading above it.
_PAY_CONTEXT = re.compile(
    r"\b(?:salary|salaries|base|compensation|pay|range|ranges|ote|on[\s-]target|earnings?|wages?|"
    r"rate|hourly|annual|annually|remuneration|gehalt|vergütung|salaire|rémunération|stipendio|sueldo|"
    r"salario|retribución)\b",
    re.IGNORECASE,
)
# Words that make an amount something else: a benefit, or a figure of the business.
_NOT_PAY_CONTEXT = re.compile(
    r"\b(?:budget|allowance|stipend|bonus\s+pool|(?:sign(?:ing|[\s-]on)|referral|relocation)\s+bonus|"
    r"equipment|relocation|learning|education\w*|conferences?|books|wellness|well[\s-]?being|gym|"
    r"commuter|home[\s-]office|co[\s-]?working|reimburse\w*|per\s+diem|perks?|401\s?\(?k|"
    r"credits?|gifts?|revenue|arr|funding|raised|valuation|deals?|quotas?|spend|"
    r"million|billion|mn|bn)\b",
    re.IGNORECASE,
)
_NEAR_BEFORE, _NEAR_AFTER, _HEADING = 60, 40, 160
# What a salary can be, per interval, in US dollars: a stated "annual salary of 1,500" is not one.
_PLAUSIBLE_USD = {
    CompensationInterval.YEAR: (8_000, 3_000_000),
    CompensationInterval.MONTH: (500, 250_000),
    CompensationInterval.WEEK: (100, 60_000),
    CompensationInterval.DAY: (20, 12_000),
    CompensationInterval.HOUR: (3, 1_500),
    CompensationInterval.UNKNOWN: (3, 3_000_000),
}
# US dollars per unit, to an order of magnitude: enough to bound plausibility, never to convert pay.
_USD_PER_UNIT = {
    "SEK": 0.1,
    "NOK": 0.1,
    "DKK": 0.15,
    "PLN": 0.25,
    "CZK": 0.04,
    "INR": 0.012,
    "JPY": 0.007,
    "SGD": 0.75,
    "HKD": 0.13,
    "BRL": 0.2,
    "MXN": 0.05,
    "ILS": 0.27,
    "ZAR": 0.055,
}


def plausible_pay(low: float, high: float, currency: str, interval: CompensationInterval) -> bool:
    """Whether a range can be a salary of that interval in that currency (bounds in US dollars)."""
    floor, ceiling = _PLAUSIBLE_USD[interval]
    rate = _USD_PER_UNIT.get(currency, 1.0)
    return floor <= low * rate and high * rate <= ceiling


def in_pay_context(text: str, start: int, end: int, has_interval: bool) -> bool:
    """An amount is pay only in a pay context: a pay word beside it or in the heading above it
    (or an interval after it, "$34/hour"), and no benefit or business word beside it ("a $1,500
    learning budget", "$2M ARR")."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    near = (
        text[max(line_start, start - _NEAR_BEFORE) : start]
        + " "
        + text[end : min(line_end, end + _NEAR_AFTER)]
    )
    if _NOT_PAY_CONTEXT.search(near):
        return False
    before = text[max(0, start - _HEADING) : start]
    return has_interval or bool(_PAY_CONTEXT.search(before + " " + text[end:line_end]))


def pay_from_text(text: str | None, source: str) -> Compensation | None:
    """The first pay range (or single rate with an interval) stated in ``text``, or ``None``.

    The one reader of stated pay for every family and field. A candidate counts only with a
    currency, in a pay context (``in_pay_context``) and within plausible bounds for its currency
    and interval (``plausible_pay``). ``source`` names the field the text came from (``content``,
    ``salaryDescription``) and is kept on the result, so a reader can tell a stated range from a
    structured one."""
    if not text:
        return None
    lines = [(m.start(), m.end()) for m in _LINE.finditer(text) if _CURRENCY_MARK.search(m.group())]
    for pattern in (_RANGE, _SINGLE):
        for match in (found for start, end in lines for found in pattern.finditer(text, start, end)):
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
            interval = _interval(groups.get("interval"))
            if not plausible_pay(low, high, currency, interval):
                continue
            if not in_pay_context(text, match.start(), match.end(), bool(groups.get("interval"))):
                continue
            return Compensation(min=low, max=high, currency=currency, interval=interval, source=source)
    return None
