"""One document for one job (tailored CV, cover letter or brief): from the template or the
optional LLM pass (grounded), rendered to Markdown and PDF in A4 and Letter.

``prepare_application`` is the one path that writes a job's documents to the store: the Dagster
assets run it, and so does the web app when it has no Dagster instance, so the records cannot
differ by who asked."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from jobintel_core.ai.guarded import GuardedChat
from jobintel_core.applications.drafts import Kind
from jobintel_core.applications.job import JobFacts, load_job_facts
from jobintel_core.applications.library import DraftRecord, load_resume, resume_hash, write_draft
from jobintel_core.applications.llm import DRAFT_PROMPT, Outcome, polish
from jobintel_core.applications.rendering import PAGE_SIZES, to_markdown, to_pdf
from jobintel_core.applications.resume import Resume
from jobintel_core.applications.templates import template_draft
from jobintel_core.storage.objects import ObjectStore

TEMPLATE_VERSION = "1"  # bump when the templates' wording or layout changes


@dataclass(frozen=True)
class PreparedDraft:
    record: DraftRecord
    files: dict[str, bytes]
    outcome: Outcome


def input_hashes(resume: Resume, job: JobFacts, chat: GuardedChat | None) -> dict[str, str]:
    """What a document depends on: equal inputs give equal files (an AI answer is cached)."""
    model = chat.settings.model if chat is not None and chat.settings.enabled else ""
    return {
        "resume": resume_hash(resume),
        "job": hashlib.sha256(job.model_dump_json().encode()).hexdigest(),
        "template": TEMPLATE_VERSION,
        "prompt": DRAFT_PROMPT.id if model else "",
        "model": model,
    }


def prepare_draft(
    kind: Kind, profile: str, resume_name: str, resume: Resume, job: JobFacts, chat: GuardedChat | None = None
) -> PreparedDraft:
    outcome = polish(chat, template_draft(kind, resume, job), resume, job)
    files = {f"{kind}.md": to_markdown(outcome.draft).encode()}
    files.update({f"{kind}-{size.lower()}.pdf": to_pdf(outcome.draft, size) for size in PAGE_SIZES})
    record = DraftRecord(
        profile=profile,
        resume=resume_name,
        job_id=job.job_id,
        kind=kind,
        source=outcome.source,
        status=outcome.status,
        reason=outcome.reason,
        inputs=input_hashes(resume, job, chat),
        files={name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
        ai_cache_key=outcome.cache_key,
    )
    return PreparedDraft(record, files, outcome)


def prepare_application(
    store: ObjectStore,
    profile: str,
    resume_name: str,
    job_id: str,
    kinds: tuple[Kind, ...],
    chat: GuardedChat | None = None,
) -> list[PreparedDraft]:
    """Write ``kinds`` for the job from the stored résumé (each replacing an earlier draft and the
    user's edit of it); ``ResumeMissing`` / ``JobNotFound`` before anything is written."""
    resume = load_resume(store, profile, resume_name)
    job = load_job_facts(store, profile, job_id)
    prepared = [prepare_draft(kind, profile, resume_name, resume, job, chat) for kind in kinds]
    for document in prepared:
        write_draft(store, document.record, document.files)
    return prepared
