"""Whether a posting's text asks for days in an office: the evidence that makes a remote-flagged
role hybrid.

Real boards flag hybrid roles ``isRemote: true`` (Ashby) and state the office days only in the
description. The bare word "hybrid" is not that evidence: it is hybrid cloud, hybrid search, a
hybrid interview loop or a game genre far more often than a schedule; nor are office perks
("in-office lunches") or "remote or in-office, we support you". What counts is a sentence that
puts the hire in an office: a number of days there, a required presence, an office named as the
place of work, or the role called hybrid in so many words. Each rule has a name, reported by the
``real_boards`` benchmark, so an audit can list which rule turned which posting hybrid.
"""

from __future__ import annotations

import re

_N = r"(?:[1-5]|one|two|three|four|five)"
_DAYS = rf"{_N}(?:\s*(?:-|–|to|or)\s*{_N})?\s*\+?\s*(?:full\s+)?days?"
_WEEK = r"(?:a|per|each|every|/|of\s+the)?\s*(?:week|wk)\b"
_OFFICE = (
    r"(?:office|offices|hq|headquarters|campus|studio|on[\s-]?site|in[\s-]person|in[\s-]office|"
    r"at\s+(?:our|the)\s+(?:\w+\s+){0,3}(?:office|hq|headquarters|campus))"
)
_SENTENCE = r"[^.!?\n]{0,60}?"
RULES: dict[str, re.Pattern[str]] = {
    # "requires presence in our San Francisco office 4 days per week", "in-office three days a week"
    "days_per_week_in_office": re.compile(
        rf"\b{_DAYS}\s*{_WEEK}{_SENTENCE}\b{_OFFICE}\b|\b{_OFFICE}\b{_SENTENCE}\b{_DAYS}\s*{_WEEK}",
        re.IGNORECASE,
    ),
    # "3 days in our Toronto office, 2 days working from home"
    "days_in_the_office": re.compile(
        rf"\b{_DAYS}\s+(?:a\s+week\s+)?(?:in|at)\s+(?:our|the)\s+(?:[\w,]+\s+){{0,4}}(?:office|hq|headquarters)\b",
        re.IGNORECASE,
    ),
    # "onsite presence required", "in-office attendance is expected", "required to work on-site"
    "office_presence_required": re.compile(
        r"\b(?:on[\s-]?site|in[\s-]office|in[\s-]person|office)\s+(?:presence|attendance)\s+(?:is\s+)?"
        r"(?:required|expected|mandatory)\b|\brequired\s+to\s+(?:be|work)\s+(?:on[\s-]?site|in\s+(?:the|our)\s+office)",
        re.IGNORECASE,
    ),
    # "this role is based onsite in our NYC office", "the position is based out of our London HQ"
    "office_is_the_place_of_work": re.compile(
        r"\b(?:role|position|job)\s+is\s+(?:based\s+)?(?:on[\s-]?site\b|in[\s-]office\b|"
        r"(?:based\s+)?(?:in|at|out\s+of)\s+(?:our|the)\s+(?:[\w,]+\s+){0,4}(?:office|hq|headquarters)\b)",
        re.IGNORECASE,
    ),
    # "this is a hybrid role": the role called hybrid, not a technology or a genre
    "hybrid_role_stated": re.compile(r"\b(?:is|as)\s+a\s+hybrid\s+(?:role|position|job)\b", re.IGNORECASE),
}


# A word each rule's wording contains, looked for first: most descriptions have none of them.
_CUE = {
    "days_per_week_in_office": "day",
    "days_in_the_office": "day",
    "office_presence_required": "require",
    "office_is_the_place_of_work": " is ",
    "hybrid_role_stated": "hybrid",
}


def office_days_rule(text: str | None) -> str | None:
    """The name of the first rule finding office-day wording in ``text``, or ``None``."""
    lowered = (text or "").lower()
    for name, pattern in RULES.items():
        if _CUE[name] in lowered and pattern.search(text or ""):
            return name
    return None
