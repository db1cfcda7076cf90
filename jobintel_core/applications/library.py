"""Where résumés and drafts are kept: the profile's own folder of the user's store, nowhere else.

A profile may hold several résumés (one per target role), each named by a slug (``main`` by
default), and names the one it scores with (``choose_scoring_resume``): the résumé whose skills,
titles and summary pre-fill the profile's matching settings and that drafts are written from
unless another is asked for. Without a choice (or after the chosen one is deleted) it falls back
to ``main``, else the first by name, and says that it did (``ScoringResume.chosen``).

Every document records what it was made from (``cv.json`` beside ``cv.md``): the input hashes,
which path wrote each document and why, and the AI cache entries it used, so deleting a résumé
can delete every byte derived from it.
"""

from __future__ import annotations

import hashlib
import re

from pydantic import BaseModel, Field

from jobintel_core.applications.resume import Resume
from jobintel_core.matching.profiles.user_state import check_profile_name
from jobintel_core.storage.keys import APPLICATIONS, draft_key, drafts_prefix, resume_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore

DEFAULT_RESUME = "main"
_JOB_ID = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


class ResumeMissing(LookupError):
    pass


class ScoringResume(BaseModel):
    """Which résumé a profile scores with: ``chosen`` when the user chose it, False for the fallback
    (``main``, else the first by name); ``name`` None when the profile has no résumé."""

    name: str | None
    chosen: bool = False

    def chosen_as(self, name: str) -> bool:
        return self.chosen and self.name == name


def scoring_key(profile: str) -> str:
    """``applications/<profile>/scoring.json``: the profile's choice, beside its résumés (so it goes
    with them and never into the profile's YAML, which the pipeline reads)."""
    return f"{APPLICATIONS}/{profile}/scoring.json"


class DraftRecord(BaseModel):
    """What one document was made from and by which path: enough to regenerate it identically,
    to show the user where it came from, and to delete it with the résumé."""

    profile: str
    resume: str
    job_id: str
    kind: str
    source: str = Field(description="template or llm")
    status: str = Field(description="the AI client's status (off, generated, cached, fallback) or rejected")
    reason: str = Field(default="", description="why the template was used")
    inputs: dict[str, str] = Field(
        description="sha256 of the résumé and job facts, template version, prompt, model"
    )
    files: dict[str, str] = Field(default_factory=dict, description="file name → sha256")
    ai_cache_key: str = ""


def check_names(profile: str, resume: str, job_id: str | None = None) -> None:
    check_profile_name(profile)
    check_profile_name(resume)  # the same slug rules: it names storage keys
    if job_id is not None and not _JOB_ID.fullmatch(job_id):
        raise ValueError(f"job id {job_id!r} is not a job_id (letters, digits, '-', '_')")


def resume_hash(resume: Resume) -> str:
    return hashlib.sha256(resume.model_dump_json(by_alias=True).encode()).hexdigest()


def save_resume(store: ObjectStore, profile: str, resume: Resume, name: str = DEFAULT_RESUME) -> str:
    """Store a confirmed résumé (one object, written atomically); returns its key."""
    check_names(profile, name)
    key = resume_key(profile, name)
    store.put(key, resume.model_dump_json(by_alias=True, indent=1).encode())
    return key


def load_resume(store: ObjectStore, profile: str, name: str = DEFAULT_RESUME) -> Resume:
    check_names(profile, name)
    try:
        return Resume.model_validate_json(store.get(resume_key(profile, name)))
    except ObjectMissing:
        raise ResumeMissing(
            f"profile {profile!r} has no résumé {name!r}: import one with `jobintel resume import FILE "
            f"--profile {profile}`"
        ) from None


def resume_names(store: ObjectStore, profile: str) -> list[str]:
    check_profile_name(profile)
    prefix = resume_key(profile, "x").rsplit("/", 1)[0] + "/"
    return sorted(k[len(prefix) : -len(".json")] for k in store.list(prefix) if k.endswith(".json"))


def choose_scoring_resume(store: ObjectStore, profile: str, name: str) -> None:
    """Make ``name`` the résumé the profile scores with; ``ResumeMissing`` when there is none."""
    check_names(profile, name)
    if not store.exists(resume_key(profile, name)):
        raise ResumeMissing(f"profile {profile!r} has no résumé {name!r} (it has: {_listed(store, profile)})")
    store.put(scoring_key(profile), ScoringResume(name=name, chosen=True).model_dump_json().encode())


def scoring_resume(store: ObjectStore, profile: str) -> ScoringResume:
    """The chosen résumé while it exists; else ``main``, else the first by name; else none."""
    names = resume_names(store, profile)
    try:
        chosen = ScoringResume.model_validate_json(store.get(scoring_key(profile))).name
    except ObjectMissing:
        chosen = None
    if chosen in names:
        return ScoringResume(name=chosen, chosen=True)
    if not names:
        return ScoringResume(name=None)
    return ScoringResume(name=DEFAULT_RESUME if DEFAULT_RESUME in names else names[0])


def resume_or_scoring(store: ObjectStore, profile: str, name: str | None) -> str:
    """``name`` when given, else the scoring résumé; ``ResumeMissing`` when the profile has none."""
    if name is not None:
        return name
    found = scoring_resume(store, profile).name
    if found is None:
        raise ResumeMissing(
            f"profile {profile!r} has no résumé: import one with `jobintel resume import FILE --profile {profile}`"
        )
    return found


def _listed(store: ObjectStore, profile: str) -> str:
    return ", ".join(resume_names(store, profile)) or "none"


def edited_name(kind: str) -> str:
    """The user's edit of a document's Markdown, kept beside the draft (``cv-edited.md``)."""
    return f"{kind}-edited.md"


def record_name(kind: str) -> str:
    return f"{kind}.json"


def write_draft(store: ObjectStore, record: DraftRecord, files: dict[str, bytes]) -> None:
    """A document's files, then its record last (the record marks the set complete). A new draft
    replaces the user's edit of the old one, whichever path (app, CLI, Dagster) wrote it."""
    check_names(record.profile, record.resume, record.job_id)
    store.delete(draft_key(record.profile, record.resume, record.job_id, edited_name(record.kind)))
    for name, data in files.items():
        store.put(draft_key(record.profile, record.resume, record.job_id, name), data)
    key = draft_key(record.profile, record.resume, record.job_id, record_name(record.kind))
    store.put(key, record.model_dump_json(indent=1).encode())


def load_draft_record(store: ObjectStore, profile: str, resume: str, job_id: str, kind: str) -> DraftRecord:
    check_names(profile, resume, job_id)
    return DraftRecord.model_validate_json(store.get(draft_key(profile, resume, job_id, record_name(kind))))


def delete_resume(store: ObjectStore, profile: str, name: str = DEFAULT_RESUME) -> list[str]:
    """Delete a résumé, every draft written from it and the AI answers cached for those drafts;
    returns the deleted keys. The profile itself (its YAML, scores, state) is untouched; when it
    scored with this résumé, its choice goes too and ``scoring_resume`` falls back."""
    check_names(profile, name)
    drafts = store.list(drafts_prefix(profile, name))
    records = [k for k in drafts if k.endswith(".json")]
    cached: set[str] = set()
    for key in records:
        try:
            cached.add(DraftRecord.model_validate_json(store.get(key)).ai_cache_key)
        except (ObjectMissing, ValueError):
            continue
    # records last, the résumé at the very end: an interrupted delete can be run again
    doomed = [
        *sorted(cached - {""}),
        *(k for k in drafts if k not in records),
        *records,
        *([scoring_key(profile)] if scoring_resume(store, profile).chosen_as(name) else []),
        resume_key(profile, name),
    ]
    deleted = [k for k in doomed if store.exists(k)]
    for key in deleted:
        store.delete(key)
    return deleted
