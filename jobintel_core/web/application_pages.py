""" "Prepare application" for a job: the tailored CV, cover letter and brief written by the core
(template path; the LLM path when the app has an AI endpoint), shown as Markdown to edit before
download, with their PDFs (A4, Letter) and what each came from (input hashes, path, AI status).

The documents are written by the app's ``drafting.DraftLauncher``: a materialization of the
``application_drafts`` / ``application_briefs`` partition on the Dagster instance (its run is linked
on the page), or, with no instance, the same core function in process. Without a ``resume`` in
the query or form, the profile's scoring résumé is used. A draft counts as sent once the job's
stage history has ``applied`` — the tracker is the one place that says so, so nothing else has to be kept in step.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jobintel_core.applications.drafts import KINDS, Kind
from jobintel_core.applications.job import JobNotFound, load_job_facts
from jobintel_core.applications.library import (
    DEFAULT_RESUME,
    DraftRecord,
    ResumeMissing,
    edited_name,
    load_draft_record,
    load_resume,
    resume_names,
    resume_or_scoring,
    scoring_resume,
)
from jobintel_core.matching.profiles.user_state import PROFILE_PATTERN, JobStatus
from jobintel_core.storage.keys import draft_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.web import deps
from jobintel_core.web.drafting import DraftFailed, DraftLauncher, InProcessDrafts
from jobintel_core.web.reader import WebReader
from jobintel_core.web.rendering import attachment, render

router = APIRouter(include_in_schema=False)
MAX_MARKDOWN_CHARS = 100_000
MEDIA_TYPES = {".md": "text/markdown; charset=utf-8", ".pdf": "application/pdf"}
# what may be downloaded, and which stored file each name is: the user's edit of the Markdown wins
DOWNLOADS = {f"{k}{suffix}": k for k in KINDS for suffix in (".md", "-a4.pdf", "-letter.pdf")}
# a résumé named in the query or form; absent: the profile's scoring résumé
ChosenResume = Annotated[str | None, Query(pattern=PROFILE_PATTERN)]
FormResume = Annotated[str | None, Form(pattern=PROFILE_PATTERN)]
RunId = Annotated[str | None, Query(pattern=r"^[0-9a-f-]{36}$")]


def launcher(request: Request) -> DraftLauncher:
    """The instance's launcher when the app has one, else the in-process one."""
    config = deps.config(request)
    return config.drafts if config.drafts is not None else InProcessDrafts(config.store, config.ai)


Launcher = Annotated[DraftLauncher, Depends(launcher)]


def application_path(profile: str, job_id: str, resume: str = DEFAULT_RESUME) -> str:
    return f"/p/{profile}/jobs/{quote(job_id, safe='')}/application?resume={quote(resume)}"


@router.get("/p/{profile}/jobs/{job_id}/application", response_class=HTMLResponse)
def application_page(
    request: Request,
    profile: deps.Profile,
    job_id: str,
    reader: deps.Reader,
    resume: ChosenResume = None,
    run: RunId = None,
) -> Response:
    job = reader.job(profile, job_id)  # NotFound → 404
    scoring = scoring_resume(reader.store, profile)
    name = resume or scoring.name or DEFAULT_RESUME
    documents = []
    for kind in KINDS:
        record = stored_record(reader.store, profile, name, job.job_id, kind)
        if record is not None:
            documents.append((record, _markdown(reader.store, profile, name, job.job_id, kind)))
    sent = [c.date for c in job.stage_history if c.status is JobStatus.APPLIED]
    return render(
        request,
        "application.html",
        job=job,
        resume=name,
        scoring=scoring.name,
        names=resume_names(reader.store, profile),
        documents=documents,
        sent_on=sent[-1] if sent and documents else None,
        base=application_path(profile, job.job_id, name).split("?", 1)[0],
        run=run,
        dagster_url=deps.config(request).dagster_url,
    )


@router.post("/p/{profile}/jobs/{job_id}/application")
def prepare_application(
    profile: deps.Profile,
    job_id: str,
    reader: deps.Reader,
    drafts: Launcher,
    resume: FormResume = None,
) -> Response:
    """Write the CV, letter and brief for the job (replacing an earlier draft and its edits)."""
    canonical, name = reader.canonical_id(job_id), chosen_resume(reader, profile, resume)
    run = launch(drafts, reader, profile, name, canonical)
    path = application_path(profile, canonical, name)
    return RedirectResponse(f"{path}&run={run}" if run else path, status_code=303)


def launch(drafts: DraftLauncher, reader: WebReader, profile: str, resume: str, job_id: str) -> str | None:
    """Check the résumé and the job (404 naming what is missing), then have the launcher write the
    documents; its run id. Shared by the page and the API."""
    try:
        load_resume(reader.store, profile, resume)
        load_job_facts(reader.store, profile, job_id)
    except (ResumeMissing, JobNotFound) as exc:
        raise HTTPException(404, str(exc)) from None
    try:
        return drafts.prepare(profile, resume, job_id)
    except DraftFailed as exc:
        raise HTTPException(500, str(exc)) from None


@router.get("/p/{profile}/jobs/{job_id}/application/{filename}")
def download(
    profile: deps.Profile,
    job_id: str,
    filename: str,
    reader: deps.Reader,
    resume: ChosenResume = None,
) -> Response:
    return draft_file(reader, profile, job_id, filename, chosen_resume(reader, profile, resume))


def draft_file(reader: WebReader, profile: str, job_id: str, filename: str, resume: str) -> Response:
    """A draft's Markdown (the user's edit when there is one) or PDF as a download; 404 naming it."""
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
    resume: FormResume = None,
) -> Response:
    """Keep the user's edit of a document's Markdown beside the draft (deleted with the résumé) and
    download it."""
    kind = _kind(filename)
    if not filename.endswith(".md"):
        raise HTTPException(404, f"only the Markdown can be edited, not {filename!r}")
    canonical, resume = reader.canonical_id(job_id), chosen_resume(reader, profile, resume)
    _file(reader.store, profile, resume, canonical, filename)  # a draft to edit exists
    data = markdown.replace("\r\n", "\n").encode()
    reader.store.put(draft_key(profile, resume, canonical, edited_name(kind)), data)
    return _attachment(data, profile, canonical, filename)


def chosen_resume(reader: WebReader, profile: str, name: str | None) -> str:
    """The named résumé, else the scoring one; 404 when the profile has none."""
    try:
        return resume_or_scoring(reader.store, profile, name)
    except ResumeMissing as exc:
        raise HTTPException(404, str(exc)) from None


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


def stored_record(
    store: ObjectStore, profile: str, resume: str, job_id: str, kind: Kind
) -> DraftRecord | None:
    try:
        return load_draft_record(store, profile, resume, job_id, kind)
    except ObjectMissing:
        return None


def _attachment(data: bytes, profile: str, job_id: str, filename: str) -> Response:
    media_type = MEDIA_TYPES[filename[filename.rindex(".") :]]
    return attachment(data, media_type, f"{profile}-{job_id}-{filename}")
