"""ATS families: one module each, all implementing ``base.Parser``.

Adding a family is one module and one line in ``PARSERS``; adding a company is a registry entry.
"""

from __future__ import annotations

from jobintel_core.providers.ashby import AshbyParser
from jobintel_core.providers.base import Parser, ParseResult, PayloadError, Rejection
from jobintel_core.providers.greenhouse import GreenhouseParser
from jobintel_core.providers.lever import LeverParser

PARSERS: dict[str, Parser] = {p.ats: p for p in (GreenhouseParser(), LeverParser(), AshbyParser())}


def parser_for(ats: str) -> Parser:
    try:
        return PARSERS[ats]
    except KeyError:
        raise KeyError(f"no parser for ATS {ats!r}; supported: {sorted(PARSERS)}") from None


__all__ = ["PARSERS", "ParseResult", "Parser", "PayloadError", "Rejection", "parser_for"]
