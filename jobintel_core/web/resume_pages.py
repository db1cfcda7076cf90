"""Résumé pages of a profile: upload (multipart), confirm or edit section by section, the profile's
settings form pre-filled from the confirmed résumé, which résumé the profile scores with, and
"delete my résumé" (with its drafts).

Nothing is stored until the user confirms: the upload is read in memory by the core
(``importing.read_resume``, with the optional LLM pass when the app has an AI endpoint; the page
names the fields it filled), a refused file answers with the core's message, and only the confirm
form's POST writes the résumé (``library.save_resume``) into the user's own store.

Choosing the résumé that scores leads to the settings form pre-filled from it: the profile's
matching (titles, level, skills, summary) is its YAML, so the résumé changes scores once the user
saves what it suggests, never behind their back.
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jobintel_core.ai.guarded import GuardedChat
from jobintel_core.applications.extraction import MAX_BYTES, ResumeRejected
from jobintel_core.applications.filling import IMPORT_CACHE
from jobintel_core.applications.importing import ImportedResume, missing_fields, read_resume
from jobintel_core.applications.library import (
    DEFAULT_RESUME,
    ResumeMissing,
    choose_scoring_resume,
    delete_resume,
    load_resume,
    resume_names,
    resume_or_scoring,
    save_resume,
    scoring_resume,
)
from jobintel_core.applications.onboarding import suggested_profile
from jobintel_core.applications.resume import Resume
from jobintel_core.matching.profiles.user_state import PROFILE_PATTERN
from jobintel_core.web import deps
from jobintel_core.web.reader import WebReader
from jobintel_core.web.rendering import render
from jobintel_core.web.resume_form import SECTIONS, ResumeFormError, resume_from_form, section_texts
from jobintel_core.web.settings_form import SENIORITIES, WORKPLACES

router = APIRouter(include_in_schema=False)
ACCEPT = ".pdf,.docx,.md,.markdown,.txt"


def resume_path(profile: str, page: str = "", name: str = DEFAULT_RESUME) -> str:
    return f"/p/{profile}/resume{'/' + page if page else ''}?name={quote(name)}"


def refused(request: Request, status: int, message: str, fields: list[str]) -> Response:
    return render(request, "error.html", status_code=status, status=status, message=message, fields=fields)


@router.get("/p/{profile}/resume", response_class=HTMLResponse)
def resume_page(request: Request, profile: deps.Profile, reader: deps.Reader) -> Response:
    return render(
        request,
        "resume.html",
        profile=profile,
        names=resume_names(reader.store, profile),
        scoring=scoring_resume(reader.store, profile),
        accept=ACCEPT,
        max_mb=MAX_BYTES // (1024 * 1024),
        resume_path=resume_path,
    )


@router.post("/p/{profile}/resume", response_class=HTMLResponse)
def upload_resume(
    request: Request,
    profile: deps.Profile,
    file: Annotated[UploadFile, File()],
    name: Annotated[str, Form(pattern=PROFILE_PATTERN)] = DEFAULT_RESUME,
) -> Response:
    """Read the upload and show what was read; nothing is stored here. The size is checked from the
    spooled upload before its bytes are read into memory."""
    try:
        imported = read_upload(request, file)
    except HTTPException as exc:
        return refused(request, exc.status_code, str(exc.detail), ["file"])
    return _confirm(request, profile, name, imported.resume, imported.missing, imported.headings, imported)


def read_upload(request: Request, file: UploadFile) -> ImportedResume:
    """The upload read by the core (413 / 422 with its message when refused); shared by the page
    and the API. The size is checked from the spooled upload before its bytes are read."""
    if file.size is not None and file.size > MAX_BYTES:
        message = f"the file is {file.size / 1024 / 1024:.0f} MB; the limit is {MAX_BYTES // 1024 // 1024} MB"
        raise HTTPException(413, message)
    try:
        return read_resume(file.file.read(MAX_BYTES + 1), file.filename or "", import_chat(request))
    except ResumeRejected as exc:
        raise HTTPException(422, str(exc)) from None


def import_chat(request: Request) -> GuardedChat | None:
    """The LLM pass's client when the app has an AI endpoint (its answers cached in memory only)."""
    ai = deps.config(request).ai
    return GuardedChat(ai, cache=IMPORT_CACHE) if ai is not None and ai.enabled else None


@router.get("/p/{profile}/resume/edit", response_class=HTMLResponse)
def edit_resume(
    request: Request, profile: deps.Profile, reader: deps.Reader, name: deps.ResumeName
) -> Response:
    resume = _stored(reader, profile, name)
    return _confirm(request, profile, name, resume, missing_fields(resume), [])


def _confirm(
    request: Request,
    profile: str,
    name: str,
    resume: Resume,
    missing: list[str],
    headings: list[str],
    imported: ImportedResume | None = None,
) -> Response:
    return render(
        request,
        "resume_confirm.html",
        profile=profile,
        name=name,
        resume=resume,
        texts=section_texts(resume),
        sections=SECTIONS,
        missing=missing,
        headings=headings,
        imported=imported,
    )


@router.post("/p/{profile}/resume/confirm")
async def confirm_resume(request: Request, profile: deps.Profile, reader: deps.Reader) -> Response:
    form = await request.form()
    name = form.get("name", DEFAULT_RESUME)
    if not isinstance(name, str) or not _slug(name):
        return refused(request, 422, "field 'name': a lowercase slug (letters, digits, '-', '_')", ["name"])
    try:
        resume = resume_from_form(form)
    except ResumeFormError as exc:
        return refused(request, 422, str(exc), exc.fields)
    save_resume(reader.store, profile, resume, name)
    return RedirectResponse(resume_path(profile, "profile", name), status_code=303)


@router.post("/p/{profile}/resume/scoring")
def choose_scoring(
    profile: deps.Profile, reader: deps.Reader, name: Annotated[str, Form(pattern=PROFILE_PATTERN)]
) -> Response:
    """Score with ``name``: the choice is kept, then the settings form pre-filled from it."""
    try:
        choose_scoring_resume(reader.store, profile, name)
    except ResumeMissing as exc:
        raise HTTPException(404, str(exc)) from None
    return RedirectResponse(resume_path(profile, "profile", name), status_code=303)


@router.get("/p/{profile}/resume/profile", response_class=HTMLResponse)
def prefilled_settings(
    request: Request,
    profile: deps.Profile,
    reader: deps.Reader,
    name: Annotated[str | None, Query(pattern=PROFILE_PATTERN)] = None,
) -> Response:
    """The profile's settings form with what the résumé (by default the scoring one) suggests
    (titles, level, places, skills as nice-to-have, summary) over the profile's own values; saving
    goes through the settings form."""
    current = reader.profile(profile)
    try:
        chosen = resume_or_scoring(reader.store, profile, name)
    except ResumeMissing as exc:
        raise HTTPException(404, str(exc)) from None
    try:
        suggested = suggested_profile(profile, _stored(reader, profile, chosen), deps.today(request))
    except ValueError as exc:
        return refused(request, 422, str(exc), ["work"])
    prefilled = current.model_copy(
        update={
            field: getattr(suggested, field)
            for field in ("titles", "seniority", "locations", "nice_to_have", "summary")
            if getattr(suggested, field)
        }
    )
    return render(
        request,
        "settings.html",
        profile=prefilled,
        new=False,
        prefilled=True,
        comments=0,
        seniorities=SENIORITIES,
        workplaces=WORKPLACES,
    )


@router.get("/p/{profile}/resume/delete", response_class=HTMLResponse)
def delete_page(
    request: Request, profile: deps.Profile, reader: deps.Reader, name: deps.ResumeName
) -> Response:
    _stored(reader, profile, name)
    return render(request, "resume_delete.html", profile=profile, name=name)


@router.post("/p/{profile}/resume/delete")
def delete_stored_resume(
    profile: deps.Profile, reader: deps.Reader, name: Annotated[str, Form(pattern=PROFILE_PATTERN)]
) -> Response:
    """The résumé, every draft written from it and their cached AI answers; the profile stays."""
    _stored(reader, profile, name)
    delete_resume(reader.store, profile, name)
    return RedirectResponse(f"/p/{profile}/resume", status_code=303)


def _stored(reader: WebReader, profile: str, name: str) -> Resume:
    try:
        return load_resume(reader.store, profile, name)
    except ResumeMissing:
        raise HTTPException(404, f"profile {profile!r} has no résumé {name!r}: upload one first") from None


def _slug(name: str) -> bool:
    return re.fullmatch(PROFILE_PATTERN, name) is not None
