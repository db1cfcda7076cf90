"""``RunsSource`` over a Dagster instance: the newest runs with their partition and, for a failed run,
the one-line cause of its first failed step (the same wording as ``jobintel run``)."""

from __future__ import annotations

from datetime import UTC, datetime

from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus

from jobintel_core.web.runs import RunSummary
from jobintel_dagster.runs.day import root_cause


class InstanceRuns:
    def __init__(self, instance: DagsterInstance) -> None:
        self.instance = instance

    def recent_runs(self, limit: int) -> list[RunSummary]:
        summaries = []
        for record in self.instance.get_run_records(limit=limit):
            run = record.dagster_run
            summaries.append(
                RunSummary(
                    run_id=run.run_id,
                    job=run.job_name,
                    status=run.status.value,
                    partition=run.tags.get("dagster/partition"),
                    started=_time(record.start_time),
                    ended=_time(record.end_time),
                    failure=self._cause(run.run_id) if run.status == DagsterRunStatus.FAILURE else None,
                )
            )
        return summaries

    def _cause(self, run_id: str) -> str | None:
        for entry in self.instance.all_logs(run_id, of_type=DagsterEventType.STEP_FAILURE):
            event = entry.dagster_event
            if event is not None and event.step_failure_data.error is not None:
                return root_cause(event.step_failure_data.error)
        return None

    def check(self) -> None:
        self.instance.get_run_records(limit=1)


def _time(stamp: float | None) -> datetime | None:
    return datetime.fromtimestamp(stamp, UTC) if stamp else None
