""" "Prepare application" for a job: the tailored CV, cover letter and brief written by the core
(template path; the LLM path when the app has an AI endpoint), shown as Markdown to edit before
download, with their PDFs (A4, Letter) and what each came from (input hashes, path, AI status).

The web app calls the core in process (``prepare_draft`` + ``write_draft``, what the Dagster asset
runs): same files, same records. A draft counts as sent once the job's stage history has
``applied`` — the tracker is the one place that says so, so nothing else has to be kept in step.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jobintel_core.ai.guarded import GuardedChat
from jobintel_core.applications.application import prepare_draft
from jobintel_core.applications.drafts import KINDS, Kind
from jobintel_core.applications.job import JobNotFound, load_job_facts
from jobintel_core.applications.library import (
    DEFAULT_RESUME,
    DraftRecord,
    ResumeMissing,
    load_draft_record,
    load_resume,
    resume_names,
    write_draft,
)
from jobintel_core.matching.profiles.user_state import PROFILE_PATTERN, JobStatus
from jobintel_core.storage.keys import draft_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.web import deps
from jobintel_core.web.rendering import attachment, render

router = APIRouter(include_in_schema=False)
MAX_MARKDOWN_CHARS = 100_000
MEDIA_TYPES = {".md": "text/markdown; charset=utf-8", ".pdf": "application/pdf"}
# what may be downloaded, and which stored file each name is: the user's edit of the Markdown wins
DOWNLOADS = {f"{k}{suffix}": k for k in KINDS for suffix in (".md", "-a4.pdf", "-letter.pdf")}


def application_path(profile: str, job_id: str, resume: str = DEFAULT_RESUME) -> str:
    return f"/p/{profile}/jobs/{quote(job_id, safe='')}/application?resume={quote(resume)}"


def edited_name(kind: str) -> str:
    return f"{kind}-edited.md"


@router.get("/p/{profile}/jobs/{job_id}/application", response_class=HTMLResponse)
def application_page(
    request: Request,
    profile: deps.Profile,
    job_id: str,
    reader: deps.Reader,
    resume: deps.ResumeName = DEFAULT_RESUME,
) -> Response:
    job = reader.job(profile, job_id)  # NotFound → 404
    documents = []
    for kind in KINDS:
        record = _record(reader.store, profile, resume, job.job_id, kind)
        if record is not None:
            documents.append((record, _markdown(reader.store, profile, resume, job.job_id, kind)))
    sent = [c.date for c in job.stage_history if c.status is JobStatus.APPLIED]
    return render(
        request,
        "application.html",
        job=job,
        resume=resume,
        names=resume_names(reader.store, profile),
        documents=documents,
        sent_on=sent[-1] if sent and documents else None,
        base=application_path(profile, job.job_id, resume).split("?", 1)[0],
    )


@router.post("/p/{profile}/jobs/{job_id}/application")
def prepare_application(
    request: Request,
    profile: deps.Profile,
    job_id: str,
    reader: deps.Reader,
    resume: Annotated[str, Form(pattern=PROFILE_PATTERN)] = DEFAULT_RESUME,
) -> Response:
    """Write the CV, letter and brief for the job (replacing an earlier draft and its edits)."""
    canonical = reader.canonical_id(job_id)
    try:
        stored = load_resume(reader.store, profile, resume)
        facts = load_job_facts(reader.store, profile, canonical)
    except (ResumeMissing, JobNotFound) as exc:
        raise HTTPException(404, str(exc)) from None
    chat = _chat(deps.config(request), reader.store)
    for kind in KINDS:
        prepared = prepare_draft(kind, profile, resume, stored, facts, chat)
        reader.store.delete(draft_key(profile, resume, canonical, edited_name(kind)))
        write_draft(reader.store, prepared.record, prepared.files)
    return RedirectResponse(application_path(profile, canonical, resume), status_code=303)


@router.get("/p/{profile}/jobs/{job_id}/application/{filename}")
def download(
    profile: deps.Profile,
    job_id: str,
    filename: str,
    reader: deps.Reader,
    resume: deps.ResumeName = DEFAULT_RESUME,
) -> Response:
    kind = _kind(filename)
    canonical = reader.canonical_id(job_id)
    if filename.endswith(".md"):
        data = _markdown(reader.store, profile, resume, canonical, kind).encode()
    else:
        data = _file(reader.store, profile, resume, canonical, filename)
    return _attachment(data, profile, canonical, filename)


@router.post("/p/{profile}/jobs/{job_id}/application/{filename}")
def save_edit(
    profile: deps.Profile,
    job_id: str,
    filename: str,
    reader: deps.Reader,
    markdown: Annotated[str, Form(max_length=MAX_MARKDOWN_CHARS)],
    resume: Annotated[str, Form(pattern=PROFILE_PATTERN)] = DEFAULT_RESUME,
) -> Response:
    """Keep the user's edit of a document's Markdown beside the draft (deleted with the résumé) and
    download it."""
    kind = _kind(filename)
    if not filename.endswith(".md"):
        raise HTTPException(404, f"only the Markdown can be edited, not {filename!r}")
    canonical = reader.canonical_id(job_id)
    _file(reader.store, profile, resume, canonical, filename)  # a draft to edit exists
    data = markdown.replace("\r\n", "\n").encode()
    reader.store.put(draft_key(profile, resume, canonical, edited_name(kind)), data)
    return _attachment(data, profile, canonical, filename)


def _chat(config: deps.WebConfig, store: ObjectStore) -> GuardedChat | None:
    """One client per request (its token budget is per preparation); None: template path only."""
    return GuardedChat(config.ai, cache=store) if config.ai is not None and config.ai.enabled else None


def _kind(filename: str) -> Kind:
    if filename not in DOWNLOADS:
        raise HTTPException(404, f"no draft file {filename!r} (one of {', '.join(DOWNLOADS)})")
    return DOWNLOADS[filename]


def _file(store: ObjectStore, profile: str, resume: str, job_id: str, name: str) -> bytes:
    try:
        return store.get(draft_key(profile, resume, job_id, name))
    except ObjectMissing:
        raise HTTPException(
            404, f"no draft of this job from résumé {resume!r}: prepare the application first"
        ) from None


def _markdown(store: ObjectStore, profile: str, resume: str, job_id: str, kind: str) -> str:
    try:
        return store.get(draft_key(profile, resume, job_id, edited_name(kind))).decode()
    except ObjectMissing:
        return _file(store, profile, resume, job_id, f"{kind}.md").decode()


def _record(store: ObjectStore, profile: str, resume: str, job_id: str, kind: Kind) -> DraftRecord | None:
    try:
        return load_draft_record(store, profile, resume, job_id, kind)
    except ObjectMissing:
        return None


def _attachment(data: bytes, profile: str, job_id: str, filename: str) -> Response:
    media_type = MEDIA_TYPES[filename[filename.rindex(".") :]]
    return attachment(data, media_type, f"{profile}-{job_id}-{filename}")
