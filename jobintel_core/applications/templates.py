"""The template path: drafts written only from the résumé's own strings, the job's fields (where a
block speaks for the job) and the score's explanation (where it speaks for the match).

The fixed wording in ``PHRASES`` and ``QUESTIONS`` holds no digits, no number words, no skills and no capitalised
word inside a sentence, so a template draft passes the grounding check by construction: whatever
it says about the candidate is a résumé string, reordered and trimmed, never rewritten.
"""

from __future__ import annotations

from jobintel_core.applications.dates import show_date, show_span
from jobintel_core.applications.drafts import Draft, DraftBlock, DraftItem, Kind
from jobintel_core.applications.job import JobFacts
from jobintel_core.applications.resume import Resume, Work
from jobintel_core.base.words import fold_words
from jobintel_core.ingestion.reading.skills import default_vocabulary

MAX_HIGHLIGHTS = 4
MAX_EVIDENCE = 4
PHRASES = {
    "profile": "Profile",
    "skills": "Skills",
    "experience": "Experience",
    "education": "Education",
    "certificates": "Certifications",
    "projects": "Projects",
    "languages": "Languages",
    "opening_heading": "Application",
    "opening": "I am applying for the {title} role at {company}.",
    "current": "Currently: {position} at {employer}, since {start}.",
    "latest": "Most recently: {position} at {employer}.",
    "evidence_heading": "What you ask for, and where I have done it",
    "evidence": "{skill}: {line} ({position}, {employer})",
    "closing_heading": "Closing",
    "closing": "Thank you for reading. I would welcome a conversation about the role.",
    "regards": "Kind regards, {name}",
    "why_heading": "Why it matches",
    "gaps_heading": "What the job asks for that the résumé does not show",
    "gap": "{skill} (named in the posting)",
    "no_gaps": "nothing the skill vocabulary finds in the posting is missing from the résumé.",
    "focus_heading": "Likely interview focus",
    "focus": "{skill}: be ready to walk through an example.",
    "focus_evidence": "{skill}: be ready to walk through this: {line}",
    "questions_heading": "Questions to ask",
}
QUESTIONS = (
    "What would success in the {title} role look like after the first months?",
    "Which problems is the team working on right now, and what slows it down?",
    "How does the team review and ship its work?",
    "What are the next steps in the hiring process?",
)


def _keys(term: str) -> set[str]:
    """How a skill is compared: its vocabulary names, or its folded words when it is unknown."""
    return set(default_vocabulary().resolve(term)) or {" ".join(fold_words(term))}


def matched_skills(resume: Resume, job: JobFacts) -> list[str]:
    """The résumé's skills (as it writes them) that the job asks for, in the résumé's order."""
    wanted = {k for s in job.skills for k in _keys(s)}
    return [s for s in resume.skill_names() if _keys(s) & wanted]


def _mentions(line: str, skills: set[str]) -> list[str]:
    return [s for s in default_vocabulary().mentions(line).found if s in skills]


def _ranked(lines: list[str], wanted: set[str]) -> list[str]:
    """Lines naming more of the job's skills first; the résumé's order otherwise (stable sort)."""
    return sorted(lines, key=lambda line: -len(_mentions(line, wanted)))


def _contact(resume: Resume) -> list[str]:
    b = resume.basics
    return [x for x in (b.email, b.phone, b.url, b.location.city) if x]


def tailored_cv(resume: Resume, job: JobFacts) -> Draft:
    wanted = set(job.skills)
    matched = matched_skills(resume, job)
    others = [s for s in resume.skill_names() if s not in matched]
    blocks = []
    if resume.basics.summary:
        blocks.append(
            DraftBlock(heading=PHRASES["profile"], items=[DraftItem(lines=[resume.basics.summary])])
        )
    if matched or others:
        lines = [f"**{s}**" for s in matched] + others
        blocks.append(DraftBlock(heading=PHRASES["skills"], inline=True, items=[DraftItem(lines=lines)]))
    if resume.work:
        items = [
            DraftItem(
                title=w.position,
                org=w.name,
                dates=show_span(w.start_date, w.end_date),
                lines=_ranked([*([w.summary] if w.summary else []), *w.highlights], wanted)[:MAX_HIGHLIGHTS],
            )
            for w in resume.work
        ]
        blocks.append(DraftBlock(heading=PHRASES["experience"], items=items))
    if resume.projects:
        projects = sorted(
            resume.projects, key=lambda p: -len(_mentions(p.description + " ".join(p.highlights), wanted))
        )
        items = [
            DraftItem(title=p.name, lines=[x for x in (p.description, *p.highlights) if x][:2])
            for p in projects
        ]
        blocks.append(DraftBlock(heading=PHRASES["projects"], items=items[:3]))
    if resume.education:
        items = [
            DraftItem(
                title=" ".join(x for x in (e.study_type, e.area) if x),
                org=e.institution,
                dates=show_span(e.start_date, e.end_date),
            )
            for e in resume.education
        ]
        blocks.append(DraftBlock(heading=PHRASES["education"], items=items))
    if resume.certificates:
        items = [DraftItem(title=c.name, org=c.issuer, dates=show_date(c.date)) for c in resume.certificates]
        blocks.append(DraftBlock(heading=PHRASES["certificates"], items=items))
    if resume.languages:
        lines = [f"{x.language} ({x.fluency})" if x.fluency else x.language for x in resume.languages]
        blocks.append(DraftBlock(heading=PHRASES["languages"], inline=True, items=[DraftItem(lines=lines)]))
    return _draft("cv", resume, job, blocks)


def _evidence(resume: Resume, job: JobFacts) -> list[tuple[str, str, Work]]:
    """(skill, résumé line, position) for the job's skills the résumé shows in a position."""
    found = []
    for skill in job.skills:
        for work in resume.work:
            line = next(
                (x for x in (*work.highlights, work.summary) if x and skill in _mentions(x, {skill})), None
            )
            if line:
                found.append((skill, line, work))
                break
    return found[:MAX_EVIDENCE]


def cover_letter(resume: Resume, job: JobFacts) -> Draft:
    blocks = [
        DraftBlock(
            heading=PHRASES["opening_heading"],
            voice="job",
            items=[DraftItem(lines=[PHRASES["opening"].format(title=job.title, company=job.company)])],
        )
    ]
    if resume.work:
        w = resume.work[0]
        line = (
            PHRASES["current"].format(position=w.position, employer=w.name, start=show_date(w.start_date))
            if not w.end_date and w.start_date
            else PHRASES["latest"].format(position=w.position, employer=w.name)
        )
        lines = [line, *([resume.basics.summary] if resume.basics.summary else [])]
        blocks.append(DraftBlock(heading=PHRASES["profile"], items=[DraftItem(lines=lines)]))
    evidence = _evidence(resume, job)
    if evidence:
        lines = [
            PHRASES["evidence"].format(skill=s, line=line, position=w.position, employer=w.name)
            for s, line, w in evidence
        ]
        blocks.append(DraftBlock(heading=PHRASES["evidence_heading"], items=[DraftItem(lines=lines)]))
    closing = [PHRASES["closing"], PHRASES["regards"].format(name=resume.basics.name)]
    blocks.append(DraftBlock(heading=PHRASES["closing_heading"], items=[DraftItem(lines=closing)]))
    return _draft("letter", resume, job, blocks)


def brief(resume: Resume, job: JobFacts) -> Draft:
    have = {k for s in resume.skill_names() for k in _keys(s)}
    have |= set(default_vocabulary().mentions(resume.text()).found)
    gaps = [s for s in job.skills if s not in have]
    evidence = {s: line for s, line, _ in _evidence(resume, job)}
    focus = [
        PHRASES["focus_evidence"].format(skill=s, line=evidence[s])
        if s in evidence
        else PHRASES["focus"].format(skill=s)
        for s in [s for s in job.skills if s in have][:MAX_EVIDENCE]
    ]
    blocks = [
        DraftBlock(heading=PHRASES["why_heading"], voice="match", items=[DraftItem(lines=job.reasons)]),
        DraftBlock(
            heading=PHRASES["gaps_heading"],
            voice="job",
            items=[DraftItem(lines=[PHRASES["gap"].format(skill=s) for s in gaps] or [PHRASES["no_gaps"]])],
        ),
    ]
    if focus:
        blocks.append(
            DraftBlock(heading=PHRASES["focus_heading"], voice="job", items=[DraftItem(lines=focus)])
        )
    questions = [q.format(title=job.title) for q in QUESTIONS]
    blocks.append(
        DraftBlock(heading=PHRASES["questions_heading"], voice="job", items=[DraftItem(lines=questions)])
    )
    return _draft("brief", resume, job, blocks)


def _draft(kind: Kind, resume: Resume, job: JobFacts, blocks: list[DraftBlock]) -> Draft:
    return Draft(
        kind=kind,
        name=resume.basics.name,
        contact=_contact(resume),
        job_title=job.title,
        company=job.company,
        blocks=[b for b in blocks if any(i.lines or i.title or i.org for i in b.items)],
    )


TEMPLATES = {"cv": tailored_cv, "letter": cover_letter, "brief": brief}


def template_draft(kind: Kind, resume: Resume, job: JobFacts) -> Draft:
    return TEMPLATES[kind](resume, job)
