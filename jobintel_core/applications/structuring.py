"""Sections of lines → a structured ``Resume``, by deterministic rules (no model).

Entries (positions, degrees) are found by their dates: a line with a date range closes the lines
above it into an entry heading ("Senior Data Engineer — Helio Labs", "Jan 2021 – present"); bullets
below it are its highlights. Which heading part is the title and which the employer is told by role
words ("engineer", "manager" …) and place names; degree words and institution words do the same
for education. Skills are what the skills section lists, split on commas; without a skills section,
the skill vocabulary's mentions in the whole résumé.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jobintel_core.applications.dates import find_span
from jobintel_core.applications.resume import (
    Basics,
    Certificate,
    Education,
    Language,
    Location,
    Project,
    Resume,
    Skill,
    Work,
)
from jobintel_core.applications.sections import Sections
from jobintel_core.base.words import fold_words
from jobintel_core.ingestion.reading.locations import (
    cities_named,
    country_code,
    parse_place,
    remote_region_code,
)
from jobintel_core.ingestion.reading.skills import default_vocabulary

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL = re.compile(r"(?:https?://|www\.)\S+|\b(?:linkedin\.com|github\.com|gitlab\.com)/\S+", re.IGNORECASE)
PHONE = re.compile(r"\+?\(?\d[\d ()/.-]{6,}\d")
MIN_CITY_POPULATION = 50_000  # smaller towns share names with words ("Mobile", "Data")
_BULLET = re.compile(r"^(?:[-*•▪◦●·]|\d+[.)])\s+")
_PIECES = re.compile(r"\s+[|·•–—-]\s+|\s*[|·•]\s*|,\s+|\s+(?:at|@|bei)\s+", re.IGNORECASE)
ROLE_WORDS = frozenset(
    "engineer engineering developer manager analyst scientist designer lead head director consultant intern "
    "architect specialist officer administrator coordinator associate researcher assistant technician "
    "programmer founder cto ceo vp president owner advisor accountant editor writer recruiter teacher "
    "nurse operator planner strategist sre devops entwickler ingenieur berater leiter werkstudent".split()
)
DEGREE = re.compile(
    r"\b(?:[BM]\.\s?S\.|[BM]S\b|B\.?\s?Sc|M\.?\s?Sc|B\.?\s?A|M\.?\s?A|B\.?\s?Eng|M\.?\s?Eng|Ph\.?\s?D|MBA|BBA|Dipl\.?[-\w]*|"
    r"Bachelor(?:'s)?(?:\s+of\s+\w+)?|Master(?:'s)?(?:\s+of\s+\w+)?|Doctor(?:ate)?(?:\s+of\s+\w+)?|"
    r"Diplom\w*|Diploma|Associate(?:'s)?\s+degree|Abitur)\.?(?!\w)",
    re.IGNORECASE,
)
INSTITUTION_WORDS = frozenset(
    "university universitat universitaet college institute school academy polytechnic hochschule "
    "tu eth epfl mit ucl".split()
)


def _is_bullet(line: str) -> bool:
    return bool(_BULLET.match(line))


def _unbullet(line: str) -> str:
    return _BULLET.sub("", line).strip()


def _pieces(text: str) -> list[str]:
    return [p.strip(" ,;:|·-–—()") for p in _PIECES.split(text) if p and p.strip(" ,;:|·-–—()")]


def _is_place(piece: str) -> bool:
    folded = " ".join(fold_words(piece))
    return bool(folded) and (
        folded in ("remote", "hybrid", "on site", "onsite")
        or remote_region_code(piece) is not None
        or country_code(piece) is not None
        or any(population >= MIN_CITY_POPULATION for population, *_ in cities_named(folded))
    )


def _has_role_word(piece: str) -> bool:
    return any(w in ROLE_WORDS for w in fold_words(piece))


@dataclass
class _Entry:
    heading: list[str] = field(default_factory=list)
    start: str = ""
    end: str = ""
    body: list[str] = field(default_factory=list)
    bullets: list[str] = field(default_factory=list)


def _entries(lines: list[str], lone_dates: bool) -> list[_Entry]:
    """Split a section into dated entries. Lines above a date line (since the last bullet) are its
    heading; short lines right below it, before any bullet, complete a heading of one part."""
    entries: list[_Entry] = []
    pending: list[str] = []
    for line in lines:
        if _is_bullet(line):
            if entries:
                entries[-1].bullets.append(_unbullet(line))
            pending = []
            continue
        if entries and entries[-1].bullets and _continues(entries[-1].bullets[-1], line):
            entries[-1].bullets[-1] += " " + line  # a bullet wrapped onto the next line
            continue
        span = find_span(line)
        if span is not None and (span.start or lone_dates):
            rest = line.replace(span.matched, " ").strip(" ,;:|·-–—()")
            heading = [*pending, *([rest] if rest else [])]
            entries.append(_Entry(heading=heading, start=span.start, end=span.end))
            pending = []
        elif entries and not entries[-1].bullets and not entries[-1].body and _heading_like(line):
            if sum(len(_pieces(h)) for h in entries[-1].heading) < 2:
                entries[-1].heading.append(line)
            else:
                pending.append(line)
        else:
            pending.append(line)
            if entries and not _heading_like(line):
                entries[-1].body.append(line)
                pending = []
    return entries


def _continues(previous: str, line: str) -> bool:
    return not previous.rstrip().endswith((".", "!", "?")) and line[:1].islower()


def _heading_like(line: str) -> bool:
    return len(line) <= 80 and not line.rstrip().endswith(".") and len(line.split()) <= 10


def _work(lines: list[str]) -> list[Work]:
    jobs = []
    for entry in _entries(lines, lone_dates=False):
        pieces = [p for h in entry.heading for p in _pieces(h)]
        places = [p for p in pieces if _is_place(p)]
        others = [p for p in pieces if p not in places]
        roles = [p for p in others if _has_role_word(p)]
        position = roles[0] if roles else (others[1] if len(others) > 1 else "")
        employer = next((p for p in others if p != position), "")
        jobs.append(
            Work(
                name=employer,
                position=position,
                location=", ".join(places),
                start_date=entry.start,
                end_date=entry.end,
                summary=" ".join(entry.body),
                highlights=entry.bullets,
            )
        )
    return jobs


def _education(lines: list[str]) -> list[Education]:
    degrees = []
    for entry in _entries(lines, lone_dates=True):
        text = " — ".join(entry.heading)
        degree = DEGREE.search(text)
        study_type = degree[0].strip() if degree else ""
        pieces = _pieces(text.replace(study_type, " ", 1) if study_type else text)
        pieces = [re.sub(r"^(?:in|of)\s+", "", p, flags=re.I) for p in pieces if not _is_place(p)]
        institution = next((p for p in pieces if INSTITUTION_WORDS & set(fold_words(p))), "")
        area = next((p for p in pieces if p != institution), "")
        if not institution and len(pieces) > 1:
            institution = pieces[-1] if pieces[-1] != area else ""
        degrees.append(
            Education(
                institution=institution,
                area=area,
                study_type=study_type,
                start_date=entry.start,
                end_date=entry.end,
            )
        )
    return degrees


def _split_items(text: str) -> list[str]:
    return [i.strip(" .") for i in re.split(r"[,;]|\s[|·•/]\s", text) if i.strip(" .")]


def _skills(lines: list[str], whole_text: str) -> list[Skill]:
    if not lines:
        return [Skill(name=s) for s in default_vocabulary().mentions(whole_text).found]
    skills = []
    for line in (_unbullet(x) for x in lines):
        label, colon, items = line.partition(":")
        if colon and len(label.split()) <= 4 and items.strip():
            skills.append(Skill(name=label.strip(), keywords=_split_items(items)))
        else:
            skills.extend(Skill(name=item) for item in _split_items(line))
    return skills


def _languages(lines: list[str]) -> list[Language]:
    found = []
    for item in (i for line in lines for i in _split_items(_unbullet(line))):
        m = re.match(r"^(.+?)\s*(?:\((.+)\)|[:–—-]\s*(.+))?$", item)
        if m:
            found.append(Language(language=m[1].strip(), fluency=(m[2] or m[3] or "").strip()))
    return found


def _certificates(lines: list[str]) -> list[Certificate]:
    found = []
    for line in (_unbullet(x) for x in lines):
        span = find_span(line)
        name = line.replace(span.matched, " ") if span else line
        name = re.sub(r"\(\s*\)", "", name).strip(" ,;:|·-–—()")
        issuer = ""
        if " — " in name or " | " in name:
            name, issuer = (p.strip() for p in re.split(r" — | \| ", name, maxsplit=1))
        if name:
            found.append(Certificate(name=name, issuer=issuer, date=span.end if span else ""))
    return found


def _projects(lines: list[str]) -> list[Project]:
    projects: list[Project] = []
    for line in lines:
        if _is_bullet(line) and projects:
            projects[-1].highlights.append(_unbullet(line))
            continue
        text = _unbullet(line)
        named = re.match(r"^(.{1,60}?)(?:\s[–—-]\s|:\s)(.+)$", text)
        if named:
            projects.append(Project(name=named[1].strip(), description=named[2].strip()))
        elif projects and not _heading_like(text):
            projects[-1].description = f"{projects[-1].description} {text}".strip()
        else:
            projects.append(Project(name=text))
    return projects


def _basics(header: list[str], contact: list[str], summary: list[str]) -> Basics:
    lines = [*header, *contact]
    text = "\n".join(lines)
    email = EMAIL.search(text)
    url = URL.search(EMAIL.sub(" ", text))
    phone = PHONE.search(URL.sub(" ", EMAIL.sub(" ", text)))
    plain = [
        line
        for line in lines
        if not EMAIL.search(line) and not URL.search(line) and not PHONE.search(line) and len(line) <= 60
    ]
    name = next((line for line in plain if 1 < len(line.split()) <= 5 and not _has_role_word(line)), "")
    pieces = [p.strip() for line in lines for p in re.split(r"\s*[|·•]\s*", line) if p.strip()]
    label = next((p for p in pieces if p != name and _has_role_word(p) and len(p) <= 60), "")
    place = next((p for p in pieces if _is_place(p.split(",")[0]) and not EMAIL.search(p)), "")
    where = parse_place(place) if place else None
    return Basics(
        name=name,
        label=label,
        email=email[0] if email else "",
        phone=phone[0].strip() if phone else "",
        url=url[0].rstrip(".,;)") if url else "",
        summary=" ".join(_unbullet(x) for x in summary),
        location=Location(city=where.city or "", country_code=where.country_code or "")
        if where
        else Location(),
    )


def structure(sections: Sections) -> Resume:
    """The résumé the rules can read from ``sections``; fields they cannot read stay empty."""
    parts = sections.parts
    whole = "\n".join([*sections.header, *(line for lines in parts.values() for line in lines)])
    return Resume(
        basics=_basics(sections.header, parts.get("basics", []), parts.get("summary", [])),
        work=_work(parts.get("work", [])),
        education=_education(parts.get("education", [])),
        skills=_skills(parts.get("skills", []), whole),
        projects=_projects(parts.get("projects", [])),
        languages=_languages(parts.get("languages", [])),
        certificates=_certificates(parts.get("certificates", [])),
    )
