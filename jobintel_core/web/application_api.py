"""``/api/profiles/{profile}/resumes…`` and ``…/jobs/{job_id}/application…``: résumés and drafts as
JSON, in the OpenAPI schema (``/api/openapi.json``), under the app's rules: the session decides
which profiles a user may reach (403 otherwise, 401 without a login in exposed mode) and every write
carries the session's CSRF token in ``X-CSRF-Token`` (``deps.check_csrf``, applied to every route).

They are the pages' calls without HTML: reading an upload stores nothing (``POST …/resumes/read``),
saving is a separate ``PUT`` of the confirmed résumé, and drafts are prepared by the same launcher
as the page (a Dagster materialization when the app has an instance).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, File, HTTPException, Path, Request, UploadFile
from fastapi.responses import Response
from pydantic import BaseModel, Field

from jobintel_core.applications.drafts import KINDS
from jobintel_core.applications.importing import ImportedResume, missing_fields
from jobintel_core.applications.library import (
    DraftRecord,
    ResumeMissing,
    choose_scoring_resume,
    delete_resume,
    load_resume,
    resume_hash,
    resume_names,
    save_resume,
    scoring_resume,
)
from jobintel_core.applications.resume import Resume
from jobintel_core.matching.profiles.user_state import PROFILE_PATTERN
from jobintel_core.storage.keys import APPLICATIONS
from jobintel_core.web import deps
from jobintel_core.web.application_pages import (
    DOWNLOADS,
    ChosenResume,
    Launcher,
    chosen_resume,
    draft_file,
    launch,
    stored_record,
)
from jobintel_core.web.reader import WebReader
from jobintel_core.web.resume_pages import read_upload

router = APIRouter(prefix="/api/profiles/{profile}", tags=["applications"])
ResumePath = Annotated[str, Path(pattern=PROFILE_PATTERN)]


class ResumeEntry(BaseModel):
    name: str
    sha256: str = Field(description="the stored résumé's hash (what drafts record as their input)")
    scoring: bool = Field(description="the résumé the profile scores with")


class Resumes(BaseModel):
    resumes: list[ResumeEntry]
    scoring: str | None = Field(description="the scoring résumé; null when the profile has none")
    scoring_chosen: bool = Field(description="false: no choice (or it was deleted), the fallback is used")


class StoredResume(BaseModel):
    name: str
    resume: dict[str, Any] = Field(description="the JSON Resume document")
    missing: list[str]


class Deleted(BaseModel):
    deleted: int = Field(description="stored objects removed: the résumé, its drafts, their AI cache")
    scoring: str | None = Field(description="the profile's scoring résumé after the delete")


class Choice(BaseModel):
    name: str = Field(pattern=PROFILE_PATTERN)


class Application(BaseModel):
    profile: str
    job_id: str
    resume: str
    run_id: str | None = Field(default=None, description="the Dagster run that wrote it, when prepared now")
    documents: list[DraftRecord]
    downloads: list[str] = Field(description="paths to the files (Markdown, PDF A4 and Letter)")


class DraftSet(BaseModel):
    resume: str
    job_id: str
    kinds: list[str]


def _resumes(request: Request, profile: str) -> Resumes:
    store = deps.reader(request).store
    scoring = scoring_resume(store, profile)
    entries = [
        ResumeEntry(name=n, sha256=resume_hash(load_resume(store, profile, n)), scoring=n == scoring.name)
        for n in resume_names(store, profile)
    ]
    return Resumes(resumes=entries, scoring=scoring.name, scoring_chosen=scoring.chosen)


@router.get("/resumes")
def list_resumes(request: Request, profile: deps.Profile) -> Resumes:
    return _resumes(request, profile)


@router.post("/resumes/read")
def read_resume_file(
    request: Request, profile: deps.Profile, file: Annotated[UploadFile, File()]
) -> ImportedResume:
    """The upload read into a structured résumé (and the LLM pass, when configured); nothing is
    stored: ``PUT …/resumes/{name}`` saves what the user confirms."""
    return read_upload(request, file)


@router.get("/resumes/{name}")
def get_resume(profile: deps.Profile, name: ResumePath, reader: deps.Reader) -> StoredResume:
    resume = _stored(reader, profile, name)
    return StoredResume(name=name, resume=resume.model_dump(by_alias=True), missing=missing_fields(resume))


@router.put("/resumes/{name}")
def put_resume(
    profile: deps.Profile, name: ResumePath, reader: deps.Reader, resume: Annotated[Resume, Body()]
) -> StoredResume:
    """Save (or replace) a confirmed résumé, a JSON Resume document; a refused one is a 422 naming
    the field, nothing saved."""
    save_resume(reader.store, profile, resume, name)
    return StoredResume(name=name, resume=resume.model_dump(by_alias=True), missing=missing_fields(resume))


@router.delete("/resumes/{name}")
def remove_resume(profile: deps.Profile, name: ResumePath, reader: deps.Reader) -> Deleted:
    """The résumé, every draft written from it and their cached AI answers; the profile stays."""
    _stored(reader, profile, name)
    deleted = delete_resume(reader.store, profile, name)
    return Deleted(deleted=len(deleted), scoring=scoring_resume(reader.store, profile).name)


@router.put("/scoring-resume")
def put_scoring_resume(request: Request, profile: deps.Profile, choice: Choice) -> Resumes:
    """Score with this résumé (404 when the profile has no résumé of that name)."""
    try:
        choose_scoring_resume(deps.reader(request).store, profile, choice.name)
    except ResumeMissing as exc:
        raise HTTPException(404, str(exc)) from None
    return _resumes(request, profile)


@router.get("/drafts")
def list_drafts(profile: deps.Profile, reader: deps.Reader) -> list[DraftSet]:
    """Every job with drafts, per résumé: which documents are there."""
    found: dict[tuple[str, str], list[str]] = {}
    prefix = f"{APPLICATIONS}/{profile}/drafts/"
    for key in reader.store.list(prefix):
        resume, job_id, name = key[len(prefix) :].split("/", 2)
        if name.removesuffix(".json") in KINDS and name.endswith(".json"):
            found.setdefault((resume, job_id), []).append(name.removesuffix(".json"))
    return [DraftSet(resume=r, job_id=j, kinds=sorted(k)) for (r, j), k in sorted(found.items())]


@router.post("/jobs/{job_id}/application")
def prepare(
    profile: deps.Profile, job_id: str, reader: deps.Reader, drafts: Launcher, resume: ChosenResume = None
) -> Application:
    """Write the job's CV, cover letter and brief (replacing earlier ones and their edits) from
    ``resume`` (default: the scoring résumé)."""
    canonical, name = reader.canonical_id(job_id), chosen_resume(reader, profile, resume)
    run = launch(drafts, reader, profile, name, canonical)
    return _application(reader, profile, canonical, name, run)


@router.get("/jobs/{job_id}/application")
def application(
    profile: deps.Profile, job_id: str, reader: deps.Reader, resume: ChosenResume = None
) -> Application:
    """What each document was made from (input hashes, path, AI status) and where to download it."""
    canonical, name = reader.canonical_id(job_id), chosen_resume(reader, profile, resume)
    found = _application(reader, profile, canonical, name, None)
    if not found.documents:
        raise HTTPException(404, f"no draft of this job from résumé {name!r}: prepare the application first")
    return found


@router.get(
    "/jobs/{job_id}/application/{filename}",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}, "text/markdown": {}}}},
)
def download(
    profile: deps.Profile, job_id: str, filename: str, reader: deps.Reader, resume: ChosenResume = None
) -> Response:
    return draft_file(reader, profile, job_id, filename, chosen_resume(reader, profile, resume))


def _application(reader: WebReader, profile: str, job_id: str, resume: str, run: str | None) -> Application:
    records = [r for k in KINDS if (r := stored_record(reader.store, profile, resume, job_id, k)) is not None]
    base = f"/api/profiles/{profile}/jobs/{job_id}/application"
    files = [f"{base}/{f}?resume={resume}" for f in DOWNLOADS if DOWNLOADS[f] in {r.kind for r in records}]
    return Application(
        profile=profile, job_id=job_id, resume=resume, run_id=run, documents=records, downloads=files
    )


def _stored(reader: WebReader, profile: str, name: str) -> Resume:
    try:
        return load_resume(reader.store, profile, name)
    except ResumeMissing as exc:
        raise HTTPException(404, str(exc)) from None
