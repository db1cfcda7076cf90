"""Import: the uploaded file's bytes → a structured résumé for the user to confirm.

``read_resume`` is deterministic (extraction, section detection, rules, the skill vocabulary);
with an AI client it then lets the model fill what the rules missed (``filling``: only empty
fields, only values the file states, fail-closed) and says which fields it filled. Nothing is
stored here: the caller shows the result section by section and saves what the user
confirms (``library.save_resume``), so a refused or abandoned upload leaves nothing behind.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from jobintel_core.ai.guarded import GuardedChat
from jobintel_core.applications.extraction import extract_text
from jobintel_core.applications.filling import fill_missing
from jobintel_core.applications.resume import Resume
from jobintel_core.applications.sections import split_sections
from jobintel_core.applications.structuring import structure


class ImportedResume(BaseModel):
    resume: Resume
    format: str
    headings: list[str] = Field(description="the section headings found, as written")
    missing: list[str] = Field(description="what is still not read, for the user to fill in")
    filled: list[str] = Field(default_factory=list, description="the fields the LLM pass filled")
    ai: str = Field(
        default="off", description="the LLM pass: off, complete, generated, cached, fallback, rejected"
    )
    ai_reason: str = Field(default="", description="why, in categories and counts (no résumé text)")


def read_resume(data: bytes, filename: str, chat: GuardedChat | None = None) -> ImportedResume:
    """The structured résumé of an uploaded file; ``ResumeRejected`` when it cannot be read. With
    ``chat`` (enabled), the LLM pass fills what the rules missed."""
    extracted = extract_text(data, filename)
    sections = split_sections(extracted.lines)
    read = structure(sections)
    filled = fill_missing(chat, read, missing_fields(read), extracted.lines)
    return ImportedResume(
        resume=filled.resume,
        format=extracted.format,
        headings=sections.headings,
        missing=missing_fields(filled.resume),
        filled=filled.filled,
        ai=filled.status,
        ai_reason=filled.reason,
    )


def missing_fields(resume: Resume) -> list[str]:
    """Paths of the fields a confirmed résumé should have and this one lacks (``work[1].name``)."""
    missing = [f"basics.{f}" for f in ("name", "email") if not getattr(resume.basics, f)]
    if not resume.work:
        missing.append("work")
    for i, job in enumerate(resume.work):
        missing += [f"work[{i}].{f}" for f, v in (("name", job.name), ("position", job.position)) if not v]
        if not job.start_date:
            missing.append(f"work[{i}].startDate")
    for i, school in enumerate(resume.education):
        missing += [f"education[{i}].{f}" for f in ("institution", "study_type") if not getattr(school, f)]
    if not resume.skills:
        missing.append("skills")
    return missing
