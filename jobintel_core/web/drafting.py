"""Who writes a job's documents when the app's user asks ("Prepare application", the API): a
``DraftLauncher``. With a Dagster instance (``jobintel web`` opens one) it is
``jobintel_dagster.web.drafts.InstanceDrafts``, which materializes the ``application_drafts`` and
``application_briefs`` partition, so the drafts have lineage and input hashes in Dagster like
``jobintel draft``'s. Without an instance the app writes them in process through the same core
function the assets run (``application.prepare_application``): the same files and records, no run.
The core app never imports dagster; this protocol is what it knows of the launcher.
"""

from __future__ import annotations

from typing import Protocol

from jobintel_core.ai.guarded import AiSettings, GuardedChat
from jobintel_core.applications.application import prepare_application
from jobintel_core.applications.drafts import KINDS
from jobintel_core.storage.objects import ObjectStore


class DraftFailed(RuntimeError):
    """Writing the documents failed; the message names the cause (and the run, when there is one)."""


class DraftLauncher(Protocol):
    def prepare(self, profile: str, resume: str, job_id: str) -> str | None:
        """Write the CV, cover letter and brief of ``job_id`` from the profile's ``resume`` (both
        checked to exist by the caller); the Dagster run's id, or None when no run was made.
        ``DraftFailed`` when it did not work."""
        ...


class InProcessDrafts:
    """The app without a Dagster instance: the core function in the request, one AI client (one
    token budget) per preparation."""

    def __init__(self, store: ObjectStore, ai: AiSettings | None) -> None:
        self.store = store
        self.ai = ai

    def prepare(self, profile: str, resume: str, job_id: str) -> str | None:
        chat = GuardedChat(self.ai, cache=self.store) if self.ai is not None and self.ai.enabled else None
        prepare_application(self.store, profile, resume, job_id, KINDS, chat)
        return None
