"""The parts of a posting's text: what the role is, and what is said around it.

A real posting of 400 words is mostly company pitch, benefits, pay and legal text; what the job is
(its duties and requirements) may be a third of it. Readers that should see the role alone (the
embedding text: MiniLM reads 256 tokens) keep the ``ROLE_KINDS`` lines. Headings name a section in
English, German, French or Spanish ("What we offer", "Was wir bieten", "Nos avantages", "Qué
ofrecemos"); lines outside a named section (postings without headings, the lead paragraph) are
classified one by one by their words: a line naming the company or its founding and mission is the
pitch, one naming vacation, pension or a stipend is a benefit, one about equal opportunity is legal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from jobintel_core.base.words import fold

ROLE_KINDS = frozenset({"role", "requirements"})
_HEADINGS = [
    (kind, re.compile(rf"^(?:{words})\b"))
    for kind, words in [
        (
            "about",
            (
                r"about (?:us|the company|the team)|who we are|our (?:company|story|mission)|"
                r"uber uns|wer wir sind|das sind wir|qui sommes nous|a propos|l entreprise|sobre nosotros|"
                r"quienes somos|la empresa"
            ),
        ),
        (
            "benefits",
            (
                r"benefits|perks|what we offer|our benefits|why (?:join|work)|what s in it for you|"
                r"was wir (?:dir |ihnen )?bieten|unser angebot|deine benefits|nos avantages|ce que nous offrons|"
                r"avantages|pourquoi nous rejoindre|que ofrecemos|beneficios|lo que ofrecemos"
            ),
        ),
        ("pay", r"compensation|salary|pay\b|vergutung|gehalt|remuneration|salaire|salario|sueldo"),
        (
            "legal",
            (
                r"equal (?:opportunit|employment)|diversity|privacy|eeo|chancengleichheit|vielfalt|"
                r"egalite des chances|diversite|igualdad de oportunidades|diversidad"
            ),
        ),
        ("apply", r"how to apply|next steps|bewerbung|candidature|como aplicar|proceso de seleccion"),
        (
            "requirements",
            (
                r"what you bring|requirements|qualifications|about you|you have|your profile|who you are|"
                r"dein profil|ihr profil|das bringst du mit|votre profil|profil recherche|tu perfil|requisitos"
            ),
        ),
    ]
]
_ABOUT_LINE = re.compile(
    r"\b(?:founded in|our mission|we are \d+|backed by|investors|headquartered|gegrundet|unsere mission|"
    r"fondee en|notre mission|fundada en|nuestra mision)\b"
)
_BENEFIT_LINE = re.compile(
    r"\b(?:paid (?:time off|vacation|leave)|days? of (?:paid )?(?:vacation|holiday)|pension|401 ?k|"
    r"health insurance|private health|dental|gym|wellness|stipend|allowance|learning budget|"
    r"training budget|stock options|parental leave|urlaub|altersvorsorge|jobrad|mutuelle|"
    r"tickets? restaurant|rtt|conges|seguro medico|jornada intensiva|ayuda de)\b"
)
_LEGAL_LINE = re.compile(
    r"\b(?:equal opportunity|equal employment|eeo|reasonable accommodation|regardless of|privacy (?:notice|policy)|"
    r"unabhangig von|diversite|egalite des chances|situation de handicap|igualdad de oportunidades|"
    r"sin distincion)\b"
)


def _is_heading(line: str) -> bool:
    return not line.startswith("- ") and len(line) <= 60 and not line.endswith((".", "!", "?", ":"))


def _heading_kind(folded: str) -> str:
    return next((kind for kind, pattern in _HEADINGS if pattern.match(folded)), "role")


def _line_kind(folded: str, company: str, lead: bool) -> str | None:
    """A line's kind by its words. Only the lead (before any heading) can be the company pitch: a
    duty may name the company ("grow Helio Labs' market share")."""
    if _LEGAL_LINE.search(folded):
        return "legal"
    if _BENEFIT_LINE.search(folded):
        return "benefits"
    if lead and (_ABOUT_LINE.search(folded) or (company and company in folded)):
        return "about"
    return None


def posting_sections(description: str, company: str = "") -> Iterator[tuple[str, str]]:
    """(kind, line) for each non-empty line that is not a heading: ``about``, ``role``,
    ``requirements``, ``benefits``, ``pay``, ``legal`` or ``apply``."""
    company_words = fold(company)
    section: str | None = None  # None: before any heading, or under a heading of the role
    seen_heading = False
    for line in (raw.strip() for raw in description.split("\n")):
        if not line:
            continue
        folded = fold(line)
        if _is_heading(line) and folded:
            seen_heading = True
            kind = _heading_kind(folded)
            section = None if kind == "role" else kind
            if kind != "role" or len(folded.split()) <= 6:
                continue  # a heading names a section; it says nothing of the role itself
        if section is None or section == "requirements":
            found = _line_kind(folded, company_words, lead=not seen_heading)
            yield found or section or "role", line
        else:
            yield section, line


def role_lines(description: str, company: str = "") -> list[str]:
    """The lines that say what the job is: its duties and requirements."""
    return [line for kind, line in posting_sections(description, company) if kind in ROLE_KINDS]
