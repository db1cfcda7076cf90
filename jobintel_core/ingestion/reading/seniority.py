"""A posting's level, from its title first and its text second.

Why the text: many titles carry no level ("Data Engineer", "Model Whisperer") while the text says
"Senior folks only" or "5+ years". Years map to the ladder (0–1 junior, 2–4 mid, 5–7 senior, 8+
staff); a stated level phrase ("senior-level role", "graduate role", "students only") is read when no
year count is given. Every function has a management track: "Head of", "Team Lead", "Leiter",
"Responsable des …" and "… Manager" of a team (Customer Support, Operations, Sales, Engineering)
are managers; a "Product Manager" or "Account Manager" is a role, not a level, so those titles say
nothing about level. A title that states no level (or only an ambiguous "Lead") is a manager when
the text says the job leads people ("lead a team of eight", "direct reports"): years of experience
refine a level, they do not overrule the track a posting states.
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
        (
            Seniority.DIRECTOR,
            r"director|vp|vice president|chief (?:\w+ ){1,2}officer|cto|cfo|ceo|coo|cmo|managing director",
        ),
        (
            Seniority.MANAGER,
            (
                r"head of|manager of|team lead\w*|teamleiter\w*|leiter\w*|leitung|responsable des|jefe de|"
                r"jefa de|people lead|manager commercial"
            ),
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
            (
                r"graduate role|recent graduates|first job|first role|no experience required|entry level|"
                r"start your career|junior role|your first \w+ role"
            ),
        ),
        (
            Seniority.SENIOR,
            (
                r"senior (?:level|role|position|folks|people|candidates|engineers only|designers only)|"
                r"senior \w+ only|(?:look|looking) for a senior|seeking a senior|mid or senior"
            ),
        ),
        (Seniority.MID, r"mid level|mid level role|intermediate level|mehrjahrige"),
    ]
]


_TITLE_LEAD = re.compile(r"\blead\b")


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


# "… Manager" titles that name a role, not a level: a Product or Account Manager manages a product
# or accounts, not people. Any other "Manager" (Customer Support, Operations, Sales, Engineering
# Manager, "Manager, Customer Experience") is the management track of its function.
_ROLE_MANAGERS = re.compile(
    r"\b(?:product|account|key account|project|program|programme|customer success|success|marketing|"
    r"content|community|social media|office|category|brand|partner|partnerships|event|events|campaign|"
    r"crm|growth|relationship|portfolio|case|property|channel|territory|release|ecommerce|seo|"
    r"acquisition|performance marketing|product marketing|lifecycle|pr|communications) manager\b"
)
_MANAGER = re.compile(r"\bmanager\b")
# The text says the job leads people: "lead a team of eight", "direct reports", "people management".
_PEOPLE_LEADING = re.compile(
    r"\b(?:(?:lead|leading|manage|managing|coach|coaching|build and lead) (?:a|an|the|our) (?:\w+ ){0,3}"
    r"team of|direct reports|people management|people manager|line management|managing engineers|"
    r"managing designers|encadrez une equipe|managez une equipe|management d equipe|fuhren ein team|"
    r"fuhrungserfahrung|personalverantwortung|liderar un equipo|dirigir un equipo|gestionar un equipo)\b"
)


def people_manager_title(folded_title: str) -> bool:
    """A title with "Manager" that is not a role-manager title ("Product Manager")."""
    return bool(_MANAGER.search(folded_title)) and not _ROLE_MANAGERS.search(folded_title)


def title_level(title: str) -> Seniority | None:
    folded = fold(title)
    level = next((level for level, pattern in _TITLE_LEVELS if pattern.search(folded)), None)
    if level in (None, Seniority.SENIOR, Seniority.STAFF, Seniority.PRINCIPAL) and people_manager_title(
        folded
    ):
        return Seniority.MANAGER  # "Senior Engineering Manager": the track, not the IC ladder
    return level


def leads_people(text: str) -> bool:
    """Whether a posting's text says the job manages people (not "mentor", not "lead projects")."""
    return bool(_PEOPLE_LEADING.search(fold(text)))


def posting_level(title: str, text: str) -> tuple[Seniority | None, int | None]:
    """(level, years asked for): the title's level when it states one, else the years, else a
    level phrase of the text, else ``None``."""
    years = years_required(text)
    level = title_level(title)
    ambiguous = level is None or (level == Seniority.SENIOR and bool(_TITLE_LEAD.search(fold(title))))
    if ambiguous and leads_people(text):  # no level, or only "Lead": does the job lead people?
        return Seniority.MANAGER, years
    if level is None and years is not None:
        level = level_from_years(years)
    if level is None:
        folded = fold(text)
        level = next((lvl for lvl, pattern in _TEXT_LEVELS if pattern.search(folded)), None)
    return level, years
