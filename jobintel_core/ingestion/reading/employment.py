"""Employment type in one vocabulary: ``full-time``, ``part-time``, ``contract``, ``temporary``,
``internship`` or ``unknown``, with the board's own label kept beside it.

Boards say the same thing many ways: structured ids (SmartRecruiters ``permanent``, Ashby
``FullTime``, schema.org ``FULL_TIME``), English labels ("Regular", "Full-time"), and labels in the
board's language ("Pełny etat", "Vollzeit", "CDI"). A structured id is the board's contract and is
read first; a label is a translation and is read second; anything else is ``unknown`` rather than a
guess, and the raw label (``employment_type_raw``) still says what the board wrote.
"""

from __future__ import annotations

import re
from typing import Literal

from jobintel_core.base.words import fold

EmploymentType = Literal["full-time", "part-time", "contract", "temporary", "internship", "unknown"]
UNKNOWN: EmploymentType = "unknown"

# Keys are folded (``_fold``): lower case, accents removed, no spaces or punctuation.
_TERMS: dict[str, EmploymentType] = {
    # full-time / permanent
    "fulltime": "full-time",
    "permanent": "full-time",
    "regular": "full-time",
    "regularfulltime": "full-time",
    "fulltimeemployee": "full-time",
    "fte": "full-time",
    "permanentfulltime": "full-time",
    "fulltimepermanent": "full-time",
    "employee": "full-time",
    "pelnyetat": "full-time",
    "umowaopraceenpelnyetat": "full-time",
    "vollzeit": "full-time",
    "festanstellung": "full-time",
    "unbefristet": "full-time",
    "tempsplein": "full-time",
    "cdi": "full-time",
    "tiempocompleto": "full-time",
    "jornadacompleta": "full-time",
    "indefinido": "full-time",
    "tempoindeterminato": "full-time",
    "tempopieno": "full-time",
    "integral": "full-time",
    "tempointegral": "full-time",
    "voltijd": "full-time",
    "heltid": "full-time",
    "vastcontract": "full-time",
    # part-time
    "parttime": "part-time",
    "regularparttime": "part-time",
    "niepelnyetat": "part-time",
    "teilzeit": "part-time",
    "werkstudent": "part-time",
    "tempspartiel": "part-time",
    "mediotiempo": "part-time",
    "tiempoparcial": "part-time",
    "jornadaparcial": "part-time",
    "tempoparziale": "part-time",
    "deeltijd": "part-time",
    "deltid": "part-time",
    # contract
    "contract": "contract",
    "contractor": "contract",
    "freelance": "contract",
    "freelancer": "contract",
    "selfemployed": "contract",
    "consultant": "contract",
    "b2b": "contract",
    "kontrakt": "contract",
    "umowazlecenie": "contract",
    "contracttohire": "contract",
    "independentcontractor": "contract",
    "freiberuflich": "contract",
    "honorar": "contract",
    # temporary
    "temporary": "temporary",
    "temp": "temporary",
    "fixedterm": "temporary",
    "seasonal": "temporary",
    "befristet": "temporary",
    "cdd": "temporary",
    "interim": "temporary",
    "zastepstwo": "temporary",
    "temporal": "temporary",
    "tempodeterminato": "temporary",
    "maternitycover": "temporary",
    # internship
    "intern": "internship",
    "internship": "internship",
    "praktikum": "internship",
    "stage": "internship",
    "stagiaire": "internship",
    "staz": "internship",
    "praktyki": "internship",
    "practicas": "internship",
    "pasantia": "internship",
    "tirocinio": "internship",
    "stagiair": "internship",
    "apprentice": "internship",
    "apprenticeship": "internship",
    "trainee": "internship",
    "ausbildung": "internship",
    "alternance": "internship",
}

_PARTS = re.compile(r"[,/;|()]")


def _fold(value: str) -> str:
    """The shared comparison fold without spaces or underscores (``FULL_TIME``); ł has no Unicode
    decomposition, so it is spelled out."""
    return fold(value.replace("ł", "l").replace("Ł", "L")).replace(" ", "").replace("_", "")


def classify(value: str | None) -> EmploymentType | None:
    """One id or label in the vocabulary, or ``None`` when it is not one we know."""
    if not value or not str(value).strip():
        return None
    whole = _TERMS.get(_fold(str(value)))
    if whole:
        return whole
    # "Full-time, Permanent" or "Vollzeit (unbefristet)": every part we know must agree.
    kinds = {_TERMS.get(_fold(part)) for part in _PARTS.split(str(value)) if _fold(part)}
    kinds.discard(None)
    return kinds.pop() if len(kinds) == 1 else None


def employment_type(*candidates: str | None) -> EmploymentType:
    """The first candidate we recognise, structured ids first (callers pass them in that order);
    ``unknown`` when none is recognised. Never a raw label: a column that mixes vocabularies
    cannot be filtered or counted."""
    for candidate in candidates:
        kind = classify(candidate)
        if kind:
            return kind
    return UNKNOWN
