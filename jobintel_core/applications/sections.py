"""Section detection: which lines of an extracted résumé are its experience, education, skills …

A heading is a Markdown heading, or a short line that is one of the usual section names (in
English or German, with or without a colon, in any case). Unknown Markdown headings are content
(a position written as ``### Data Engineer — Helio Labs``), not sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jobintel_core.base.words import fold_words

SECTION_NAMES = {
    "basics": ("contact", "contact details", "contact information", "personal details", "kontakt"),
    "summary": (
        "summary",
        "profile",
        "professional summary",
        "about",
        "about me",
        "objective",
        "career objective",
        "profil",
        "zusammenfassung",
    ),
    "work": (
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "relevant experience",
        "berufserfahrung",
    ),
    "education": ("education", "academic background", "education and training", "ausbildung", "studium"),
    "skills": (
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "core competencies",
        "competencies",
        "technologies",
        "tools",
        "skills and tools",
        "tech stack",
        "kenntnisse",
        "fahigkeiten",
    ),
    "projects": ("projects", "selected projects", "side projects", "open source", "projekte"),
    "languages": ("languages", "spoken languages", "sprachen"),
    "certificates": (
        "certifications",
        "certificates",
        "licenses and certifications",
        "licences and certifications",
        "zertifikate",
    ),
    "other": (
        "interests",
        "hobbies",
        "references",
        "publications",
        "awards",
        "volunteering",
        "volunteer experience",
        "achievements",
    ),
}
_BY_WORDS = {tuple(fold_words(name)): section for section, names in SECTION_NAMES.items() for name in names}
_HEADING = re.compile(r"^(#{1,6})\s*(.*?)\s*#*$")


@dataclass
class Sections:
    """The lines before the first heading (name and contact), then each section's lines in order;
    a section named twice (a two-column layout) keeps both parts."""

    header: list[str] = field(default_factory=list)
    parts: dict[str, list[str]] = field(default_factory=dict)
    headings: list[str] = field(default_factory=list)  # the headings found, as written


def section_of(line: str) -> str | None:
    """The section a heading line opens, or None."""
    text = line.strip()
    if m := _HEADING.match(text):
        text = m[2]
    text = text.rstrip(":").strip()
    if not text or len(text) > 40:
        return None
    return _BY_WORDS.get(tuple(fold_words(text.replace("&", " and "))))


def split_sections(lines: list[str]) -> Sections:
    found = Sections()
    current: list[str] = found.header
    for line in lines:
        section = section_of(line)
        if section is not None:
            found.headings.append(line.lstrip("#").strip().rstrip(":"))
            current = found.parts.setdefault(section, [])
            continue
        current.append(_HEADING.sub(lambda m: m[2], line.strip()))
    return found
