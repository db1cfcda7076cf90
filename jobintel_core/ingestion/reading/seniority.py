"""A posting's level, from its title first and its text second.

Why the text: many titles carry no level ("Data Engineer", "Model Whisperer") while the text says
"Senior folks only" or "5+ years". Years map to the ladder (0–1 junior, 2–4 mid, 5–7 senior, 8+
staff); a stated level phrase ("senior-level role", "graduate role", "students only") is read when no
year count is given. "Head of" and "… Manager" of a team are the management track; a "Marketing
Manager" or "Product Manager" is a role, not a level, so those titles say nothing about level.
Nothing found is ``None``: an unknown level, which matching treats as neutral.
"""

from __future__ import annotations

import re
from enum import StrEnum

from jobintel_core.base.words import fold


class Seniority(StrEnum):
    INTERN = "intern"
    JUNIOR = "junior"
    MID = "mid"
    SENIOR = "senior"
    STAFF = "staff"
    PRINCIPAL = "principal"
    MANAGER = "manager"
    DIRECTOR = "director"


LADDER = (
    Seniority.INTERN,
    Seniority.JUNIOR,
    Seniority.MID,
    Seniority.SENIOR,
    Seniority.STAFF,
    Seniority.PRINCIPAL,
)
_TITLE_LEVELS = [
    (level, re.compile(rf"\b(?:{words})\b"))
    for level, words in [
        (
            Seniority.INTERN,
            r"intern|internship|praktikum|praktikant\w*|werkstudent\w*|working student|apprentice\w*|trainee",
        ),
        (Seniority.DIRECTOR, r"director|vp|vice president|chief|cto|cfo|ceo|coo|cmo|managing director"),
        (
            Seniority.MANAGER,
            r"head of|(?:engineering|design|data science|analytics) manager|manager of|team lead|teamleiter\w*",
        ),
        (Seniority.PRINCIPAL, r"principal|distinguished"),
        (Seniority.STAFF, r"staff"),
        (Seniority.SENIOR, r"senior|sr|lead"),
        (Seniority.JUNIOR, r"junior|jr|graduate|entry level"),
        (Seniority.MID, r"mid level|intermediate"),
    ]
]
_NUMBER = r"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|zwei|drei|vier|funf|sechs"
_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fifteen": 15,
    "zwei": 2,
    "drei": 3,
    "vier": 4,
    "funf": 5,
    "sechs": 6,
}
_YEARS = re.compile(
    rf"\b(?:at least |minimum of |min |over )?({_NUMBER})\s*\+?\s*(?:(?:to |or |and )?(?:{_NUMBER})\s*\+?\s*)?"
    rf"(?:or more )?(?:years?|yrs|jahre?n?)\b"
)
_TEXT_LEVELS = [
    (level, re.compile(rf"\b(?:{words})\b"))
    for level, words in [
        (Seniority.INTERN, r"internship|students only|for students|summer intern\w*|praktikum|phd students"),
        (
            Seniority.JUNIOR,
            r"graduate role|recent graduates|first job|first role|no experience required|entry level|"
            r"start your career|junior role|your first \w+ role",
        ),
        (
            Seniority.SENIOR,
            r"senior (?:level|role|position|folks|people|candidates|engineers only|designers only)|"
            r"senior \w+ only|(?:look|looking) for a senior|seeking a senior|mid or senior",
        ),
        (Seniority.MID, r"mid level|mid level role|intermediate level|mehrjahrige"),
    ]
]


def level_from_years(years: int) -> Seniority:
    return (
        Seniority.JUNIOR
        if years <= 1
        else Seniority.MID
        if years <= 4
        else Seniority.SENIOR
        if years <= 7
        else Seniority.STAFF
    )


def years_required(text: str) -> int | None:
    """The largest "N+ years" the text asks for (ranges count from their low end); counts over
    20 are ignored (a company's age, not a requirement)."""
    found = [int(n) if n.isdigit() else _WORDS[n] for n in _YEARS.findall(fold(text))]
    found = [n for n in found if n <= 20]
    return max(found) if found else None


def title_level(title: str) -> Seniority | None:
    folded = fold(title)
    return next((level for level, pattern in _TITLE_LEVELS if pattern.search(folded)), None)


def posting_level(title: str, text: str) -> tuple[Seniority | None, int | None]:
    """(level, years asked for): the title's level when it states one, else the years, else a
    level phrase of the text, else ``None``."""
    years = years_required(text)
    level = title_level(title)
    if level is None and years is not None:
        level = level_from_years(years)
    if level is None:
        folded = fold(text)
        level = next((lvl for lvl, pattern in _TEXT_LEVELS if pattern.search(folded)), None)
    return level, years
