"""The grounding check: every claim a draft makes must trace to the résumé.

Used on every draft, from either path; a draft that fails is not used. What it checks:

* **entries**: an item's (title, employer or school, dates) must be one entry of the résumé, field
  for field as written: no employer, position, degree, certificate or date that the résumé does not
  have, and no title moved to another employer;
* **numbers and metrics**: every number in the text (``35%``, ``140``, ``0.74``, ``2021``) and every
  number word ("eight", "doubled") must appear in the résumé — or, in a block that speaks for the
  job or the match, in the posting or the score's explanation;
* **skills**: every skill the vocabulary finds must be one the résumé names; the job's skills are
  allowed only in blocks whose voice is the job's (its requirements) or the match's;
* **names**: a capitalised word inside a sentence (an employer, a product, a degree such as "PhD")
  must be a word of the résumé, of the vocabulary name of a skill the résumé shows, of the job's
  title and company, or of the fixed template wording.

Known limit: a candidate line may still pair true words into a false sentence ("I led Helio Labs");
the structured fields, not free text, carry employers and titles in drafts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jobintel_core.applications.dates import MONTH_NAMES, show_date, show_span
from jobintel_core.applications.drafts import Draft
from jobintel_core.applications.job import JobFacts
from jobintel_core.applications.resume import Resume
from jobintel_core.applications.templates import PHRASES, QUESTIONS
from jobintel_core.base.words import fold_words
from jobintel_core.ingestion.reading.skills import default_vocabulary

_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_SENTENCE = re.compile(r"[.!?:;()\[\]—–·•|\"“”]\s*|\s-\s|^")
NUMBER_WORDS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fifteen twenty thirty forty "
    "fifty hundred hundreds thousand thousands million millions billion billions dozen dozens twice thrice "
    "double doubled doubling triple tripled quadrupled half halved tenfold"
    "".split()
)
COMMON = frozenset(w.lower() for w in (*MONTH_NAMES, "I", "I'm", "I've", "Dear", "Kind", "Mr", "Ms"))


def _numbers(text: str) -> set[str]:
    return {
        n.replace(",", "").rstrip("0").rstrip(".") if "." in n else n.replace(",", "")
        for n in _NUMBER.findall(text)
    }


def _words(text: str) -> set[str]:
    return set(fold_words(text))


@dataclass
class Allowed:
    """What a text may name: the numbers, skills and words of its sources."""

    numbers: set[str]
    skills: set[str]
    words: set[str]

    @classmethod
    def of_text(cls, text: str) -> Allowed:
        """Everything ``text`` itself states (the skills the vocabulary finds in it, negated or not)."""
        mentions = default_vocabulary().mentions(text)
        return cls(_numbers(text), set(mentions.found) | set(mentions.negated), _words(text))


def verbatim_in(value: str, text: str) -> bool:
    """Whether ``value`` is written in ``text`` as it is (case and spacing aside), not inside a
    longer word ("German" is not in "Germany"): how an employer, title or degree read from a résumé
    file traces to it."""
    wanted = re.escape(" ".join(value.split()).casefold())
    return (
        bool(wanted) and re.search(rf"(?<!\w){wanted}(?!\w)", " ".join(text.split()).casefold()) is not None
    )


@dataclass
class Grounding:
    """Problems as (category, text): the category (``number``, ``skill``, ``name`` …) can be
    counted in metadata; the text quotes the draft and stays with the user's files."""

    problems: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def reason(self) -> str:
        shown = "; ".join(text for _, text in self.problems[:5])
        return shown + (f" (+{len(self.problems) - 5} more)" if len(self.problems) > 5 else "")


def _entries(resume: Resume) -> list[tuple[str, str, str]]:
    entries = [(w.position, w.name, show_span(w.start_date, w.end_date)) for w in resume.work]
    entries += [
        (" ".join(x for x in (e.study_type, e.area) if x), e.institution, show_span(e.start_date, e.end_date))
        for e in resume.education
    ]
    entries += [(c.name, c.issuer, show_date(c.date)) for c in resume.certificates]
    entries += [(p.name, "", "") for p in resume.projects]
    return entries


def _fits(item: tuple[str, str, str], entry: tuple[str, str, str]) -> bool:
    return all(
        not mine or " ".join(mine.split()) == " ".join(theirs.split())
        for mine, theirs in zip(item, entry, strict=True)
    )


def check_grounding(draft: Draft, resume: Resume, job: JobFacts) -> Grounding:
    """The problems of ``draft`` against ``resume`` (and ``job``); none means it may be used."""
    vocabulary = default_vocabulary()
    resume_text = resume.text()
    template_words = _words(" ".join([*PHRASES.values(), *QUESTIONS]))
    named = {*job.title.split(), *job.company.split()}
    stated = Allowed.of_text(resume_text)
    skills = stated.skills | {s for term in resume.skill_names() for s in vocabulary.resolve(term)}
    base = Allowed(
        numbers=stated.numbers,
        skills=skills,
        # a skill the résumé shows may be called by its vocabulary name ("Contract Negotiation" for
        # "negotiated the contracts"): its words are not a new name
        words=stated.words | _words(" ".join(skills)) | template_words | _words(" ".join(named)) | COMMON,
    )
    job_text = "\n".join([job.text(), *job.reasons])
    for_job = Allowed(
        numbers=base.numbers | _numbers(job_text),
        skills=base.skills | set(job.skills) | set(vocabulary.mentions(job_text).found),
        words=base.words | _words(job_text),
    )
    found = Grounding()
    if draft.name and draft.name != resume.basics.name:
        found.problems.append(("name", f"the name {draft.name!r} is not the résumé's"))
    if (draft.job_title, draft.company) != (job.title, job.company):
        found.problems.append(("job", f"the job {draft.job_title!r} at {draft.company!r} is not this job"))
    found.problems += [
        ("contact", f"contact {c!r} is not in the résumé") for c in draft.contact if c not in resume_text
    ]
    entries = _entries(resume)
    for block in draft.blocks:
        allowed = base if block.voice == "candidate" else for_job
        found.problems += traced(block.heading, allowed, block.heading)
        for item in block.items:
            fields = (item.title, item.org, item.dates)
            if any(fields) and not any(_fits(fields, e) for e in entries):
                shown = " | ".join(x for x in fields if x)
                found.problems.append(("entry", f"{block.heading}: {shown!r} is not an entry of the résumé"))
            for line in item.lines:
                found.problems += traced(line, allowed, block.heading)
    return found


def traced(text: str, allowed: Allowed, place: str) -> list[tuple[str, str]]:
    """The problems of one text against what its sources state: numbers, number words, skills and
    capitalised names that none of them has. ``place`` says where the text is (a block heading, a
    field path) in the problem's wording."""
    plain = text.replace("**", "")  # the bold a CV puts on matched skills
    where = f"{place}: {plain[:60]!r}"
    problems = [
        ("number", f"{where} has the number {n}, not in the résumé")
        for n in sorted(_numbers(plain) - allowed.numbers)
    ]
    problems += [
        ("number", f"{where} says {w!r}, not in the résumé")
        for w in fold_words(plain)
        if w in NUMBER_WORDS and w not in allowed.words
    ]
    problems += [
        ("skill", f"{where} names the skill {s}, not in the résumé")
        for s in default_vocabulary().mentions(plain).found
        if s not in allowed.skills
    ]
    for sentence in _SENTENCE.split(plain):
        for word in sentence.split()[1:]:
            token = word.strip(",'’\"")
            if token[:1].isupper() and not set(fold_words(token)) <= allowed.words:
                problems.append(("name", f"{where} names {token!r}, not in the résumé"))
    return problems
