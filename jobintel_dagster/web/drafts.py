"""``DraftLauncher`` over a Dagster instance: "Prepare application" in the web app adds the
``<profile>:<resume>:<job_id>`` partition and materializes ``application_drafts`` and
``application_briefs`` for it (the ``prepare_application`` job), as ``jobintel draft`` does.

Why an in-process execution and not a submitted run: ``jobintel web`` runs beside the embedded
instance (SQLite under ``DAGSTER_HOME`` or PostgreSQL) without a daemon or a code-location server,
so a submitted run would wait in the queue for a daemon that may not be running, and the user waits
for the page anyway (a preparation takes a few seconds). Executed in process on the instance, the
run, its materializations, their input hashes and lineage are recorded exactly as for a submitted
run, and the page answers when the files are there. Preparations in one app are serialized (a lock):
they are CPU-bound renders, and one at a time keeps the instance's writes simple.
"""

from __future__ import annotations

import threading

from dagster import DagsterInstance, Definitions

from jobintel_core.config.settings import Settings
from jobintel_core.web.drafting import DraftFailed
from jobintel_dagster.applications.assets import APPLICATIONS_PARTITIONS, application_key
from jobintel_dagster.applications.automation import PREPARE_APPLICATION_JOB
from jobintel_dagster.code_location import build_definitions
from jobintel_dagster.runs.day import failure_text
from jobintel_dagster.runs.execute import execute_job

TRIGGER = "web"


class InstanceDrafts:
    def __init__(self, instance: DagsterInstance, settings: Settings) -> None:
        self.instance = instance
        self.settings = settings
        self._definitions: Definitions | None = None
        self._lock = threading.Lock()

    def _defs(self) -> Definitions:
        """Built on the first preparation, not at start: most sessions never prepare one."""
        if self._definitions is None:
            self._definitions = build_definitions(self.settings)
        return self._definitions

    def prepare(self, profile: str, resume: str, job_id: str) -> str | None:
        key = application_key(profile, resume, job_id)
        with self._lock:
            self.instance.add_dynamic_partitions(APPLICATIONS_PARTITIONS, [key])
            result = execute_job(
                self._defs(),
                PREPARE_APPLICATION_JOB,
                key,
                self.instance,
                trigger=TRIGGER,
                log_level="CRITICAL",
            )
        if not result.success:
            raise DraftFailed(f"the drafts failed: {failure_text(result)} [run {result.run_id}]")
        return result.run_id
