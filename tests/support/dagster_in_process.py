"""The Dagster UI's backfill path without its waiting: the webserver's own ASGI app answers the
GraphQL the Materialize dialog sends, and the daemon's two loops that carry a backfill (the
backfill daemon and the run queue) are stepped here, one iteration at a time, over the same
workspace (``workspace.yaml``, its code servers) and the same instance.

``dagster dev`` ticks the backfill daemon every 30 seconds (a constant, not a setting), and an
asset backfill needs a tick per step of its plan plus one to notice it is done: an ingest-then-
rollup backfill spent ~4 of its ~5 minutes asleep. Stepping the same functions as soon as the
previous runs ended keeps the request, the backfill logic, the run coordinator (tags and limits
of ``dagster.yaml``) and the run workers, and drops the sleeps.

The daemon's iteration functions are Dagster internals (``dagster._daemon``): there is no public
API to step a daemon. A Dagster upgrade that moves them fails this module's imports, loudly.
"""

import logging
import time
from pathlib import Path

from dagster import DagsterInstance, DagsterRunStatus, RunsFilter
from dagster._core.workspace.context import WorkspaceProcessContext
from dagster._core.workspace.load_target import WorkspaceFileTarget
from dagster._daemon.backfill import execute_backfill_iteration
from dagster._daemon.run_coordinator.queued_run_coordinator_daemon import QueuedRunCoordinatorDaemon
from dagster_webserver.app import create_app_from_workspace_process_context
from starlette.testclient import TestClient

from tests.support.dagster_dev import FINISHED, LAUNCH, STATUS

RUNNING = [
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
    DagsterRunStatus.CANCELING,
]
LOG = logging.getLogger("tests.dagster_in_process")


class InProcessUi:
    """The webserver app and the backfill / run-queue daemons of ``dagster dev``, in this process."""

    def __init__(self, instance: DagsterInstance, workspace: Path) -> None:
        self.instance = instance
        self.context = WorkspaceProcessContext(instance, WorkspaceFileTarget(paths=[str(workspace)]))
        self.client = TestClient(create_app_from_workspace_process_context(self.context))
        self.queue = QueuedRunCoordinatorDaemon(interval_seconds=0)

    def __enter__(self) -> "InProcessUi":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.client.close()
        self.queue.__exit__(None, None, None)
        self.context.__exit__(None, None, None)

    def graphql(self, query: str, variables: dict | None = None) -> dict:
        response = self.client.post("/graphql", json={"query": query, "variables": variables or {}})
        assert response.status_code == 200, response.text  # the HTTP 500 the UI once got fails here
        document = response.json()
        assert "errors" not in document, document["errors"]
        return document["data"]

    def backfill(self, assets: tuple[str, ...], partitions: list[str]) -> str:
        """Launch as the UI's Materialize dialog does: its ``launchPartitionBackfill`` mutation."""
        params = {"assetSelection": [{"path": [a]} for a in assets], "partitionNames": partitions}
        answer = self.graphql(LAUNCH, {"params": params})["launchPartitionBackfill"]
        assert answer["__typename"] == "LaunchBackfillSuccess", answer
        return answer["backfillId"]

    def status(self, backfill_id: str) -> str:
        return self.graphql(STATUS, {"id": backfill_id})["partitionBackfillOrError"]["status"]

    def _running(self) -> int:
        return self.instance.get_runs_count(RunsFilter(statuses=RUNNING))

    def _queued(self) -> int:
        return self.instance.get_runs_count(RunsFilter(statuses=[DagsterRunStatus.QUEUED]))

    def _drain_queue(self, deadline: float) -> None:
        """Dequeue under the instance's limits (max runs, per tag) whenever a run ends, until no
        run is queued or running: what the daemon's run queue does every few seconds."""
        while True:
            list(self.queue.run_iteration(self.context))
            running = self._running()
            if not running and not self._queued():
                return
            while self._running() >= max(running, 1):  # until one of them ends
                assert time.monotonic() < deadline, "runs still in flight at the deadline"
                time.sleep(0.2)

    def drive(self, backfill_id: str, timeout: float = 600) -> str:
        """Step the backfill daemon, then run what it submitted, until the backfill finishes; its
        status as the UI's status query reads it."""
        deadline = time.monotonic() + timeout
        while True:
            list(execute_backfill_iteration(self.context, LOG))
            self._drain_queue(deadline)
            status = self.status(backfill_id)
            if status in FINISHED:
                return status
            assert time.monotonic() < deadline, f"backfill {backfill_id} still {status} after {timeout} s"
