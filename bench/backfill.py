"""A month of history at once: a ``BACKFILL_DAYS`` × ``BACKFILL_PROVIDERS`` backfill (default 30 × 8)
on the embedded instance, through the path a UI backfill takes: ``dagster dev`` (webserver + daemon,
as ``make ui`` starts it), the ``launchPartitionBackfill`` mutation the Materialize dialog sends for
the ingest assets, then — once it completed — the rollup assets for the same dates.

The boards are the bundled ones (plus clones of two, under their own keys, to reach 8); day *n*
serves bundled capture *n mod 4*, so postings appear, change, close and reopen over the month.

What is reported, per partition of the ingest backfill:

* ``wall_per_partition_s``: backfill wall time / partitions (2 cores, run queue limits applied);
* ``step_compute_per_run_s``: the steps' own time (Dagster's step stats), the useful work;
* ``in_run_overhead_s``: from ``RUN_START`` to the run's end minus its steps' own time —
  resources, log capture, event writes: what Dagster spends around the work;
* ``launch_s``: from the launcher starting the run (``RUN_STARTING``) to the run starting in its
  own process (``RUN_START``): process spawn, imports, loading the code location;
* ``queue_wait_median_s``: from the run's creation to its launch, including waits the per-host
  and per-provider limits impose on purpose (politeness, not overhead).

Orchestration overhead per partition = ``launch_s`` + ``in_run_overhead_s``.

The goal of the reliability issue is an orchestration overhead of at most 0.5 s per partition.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import yaml
from dagster import DagsterEventType, DagsterInstance, RunsFilter

from jobintel_core.config.settings import DEFAULT_SNAPSHOT_DIR
from jobintel_dagster.ingestion.automation import INGEST_ASSETS
from jobintel_dagster.warehouse.automation import ROLLUP_ASSETS
from tests.conftest import BUNDLED_REGISTRY, REPO_ROOT
from tests.support.dagster_dev import DagsterDev

LAST_DAY = date(2026, 11, 20)
CAPTURES = ["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"]
CLONES = {"northwind-emea": "northwind", "lumen-ai-labs": "lumen-ai"}


def _workspace(root: Path, days: list[date], providers: int) -> tuple[Path, Path]:
    """A registry of ``providers`` boards and a snapshot folder with one capture per board and day."""
    entries = yaml.safe_load(BUNDLED_REGISTRY.read_text())["providers"]
    by_key = {e["key"]: e for e in entries}
    for clone, source in CLONES.items():
        by_key[clone] = {**by_key[source], "key": clone, "board": f"{by_key[source]['board']}-2"}
    chosen = list(by_key.values())[:providers]
    snapshots = root / "snapshots"
    for entry in chosen:
        source = CLONES.get(entry["key"], entry["key"])
        folder = snapshots / entry["key"]
        folder.mkdir(parents=True)
        for n, day in enumerate(days):
            shutil.copyfile(DEFAULT_SNAPSHOT_DIR / source / f"{CAPTURES[n % 4]}.json", folder / f"{day}.json")
    registry = root / "providers.yaml"
    registry.write_text(yaml.safe_dump({"providers": chosen}))
    return registry, snapshots


def _durations(instance: DagsterInstance, backfill_id: str) -> dict[str, float]:
    """Per run, from its own events: the launch (``RUN_STARTING`` → ``RUN_START``), the time around
    its steps (``RUN_START`` → end, minus the steps' own time), and the queue wait."""
    runs = instance.get_run_records(RunsFilter(tags={"dagster/backfill": backfill_id}))
    in_run, steps, waits, launches = [], [], [], []
    for record in runs:
        run_id = record.dagster_run.run_id
        marks = {
            e.dagster_event.event_type: e.timestamp for e in instance.all_logs(run_id) if e.dagster_event
        }
        end = marks.get(DagsterEventType.RUN_SUCCESS) or marks.get(DagsterEventType.RUN_FAILURE)
        started, starting = marks.get(DagsterEventType.RUN_START), marks.get(DagsterEventType.RUN_STARTING)
        if not (end and started and starting):
            continue
        work = sum((s.end_time or 0) - (s.start_time or 0) for s in instance.get_run_step_stats(run_id))
        steps.append(work)
        in_run.append(end - started - work)
        launches.append(started - starting)
        waits.append(starting - marks.get(DagsterEventType.RUN_ENQUEUED, starting))
    return {
        "runs": len(runs),
        "step_compute_per_run_s": round(statistics.mean(steps), 2) if steps else 0.0,
        "launch_s": round(statistics.mean(launches), 2) if launches else 0.0,
        "in_run_overhead_s": round(statistics.mean(in_run), 2) if in_run else 0.0,
        "overhead_per_partition_s": round(statistics.mean(launches) + statistics.mean(in_run), 2)
        if in_run
        else 0.0,
        "queue_wait_median_s": round(statistics.median(waits), 1) if waits else 0.0,
    }


def run() -> dict[str, object]:
    days_n = int(os.environ.get("BACKFILL_DAYS", "30"))
    providers_n = int(os.environ.get("BACKFILL_PROVIDERS", "8"))
    days = [LAST_DAY - timedelta(days=n) for n in reversed(range(days_n))]
    with tempfile.TemporaryDirectory(prefix="jobintel-backfill-") as tmp:
        root = Path(tmp)
        registry, snapshots = _workspace(root, days, providers_n)
        home = root / "home"
        home.mkdir()
        shutil.copy(REPO_ROOT / "deploy" / "local" / "dagster.yaml", home / "dagster.yaml")
        env = {
            **os.environ,
            "DAGSTER_HOME": str(home),
            "JOBINTEL_PROVIDERS": str(registry),
            "JOBINTEL_SNAPSHOT_DIR": str(snapshots),
            "JOBINTEL_STORAGE_URL": str(root / "storage"),
            "JOBINTEL_START_DATE": days[0].isoformat(),
        }
        keys = yaml.safe_load(registry.read_text())["providers"]
        partitions = [f"{d}|{e['key']}" for d in days for e in keys]
        server = DagsterDev(env, root / "dagster-dev.log")
        try:
            server.wait_loaded()
            started = time.monotonic()
            ingest = server.backfill(INGEST_ASSETS, partitions)
            ingest_status = server.wait_backfill(ingest, timeout=7200)
            ingest_wall = time.monotonic() - started
            started = time.monotonic()
            rollup = server.backfill(ROLLUP_ASSETS, [d.isoformat() for d in days])
            rollup_status = server.wait_backfill(rollup, timeout=7200)
            rollup_wall = time.monotonic() - started
        finally:
            server.stop()
        os.environ["DAGSTER_HOME"], previous = str(home), os.environ.get("DAGSTER_HOME")
        try:
            with DagsterInstance.get() as instance:
                ingest_stats = _durations(instance, ingest)
                rollup_stats = _durations(instance, rollup)
        finally:
            if previous is None:
                del os.environ["DAGSTER_HOME"]
            else:
                os.environ["DAGSTER_HOME"] = previous
    return {
        "days": days_n,
        "providers": providers_n,
        "ingest_status": ingest_status,
        "ingest_partitions": len(partitions),
        "ingest_wall_s": round(ingest_wall, 1),
        "wall_per_partition_s": round(ingest_wall / len(partitions), 2),
        **{f"ingest_{k}": v for k, v in ingest_stats.items()},
        "rollup_status": rollup_status,
        "rollup_wall_s": round(rollup_wall, 1),
        "rollup_wall_per_date_s": round(rollup_wall / days_n, 2),
        **{f"rollup_{k}": v for k, v in rollup_stats.items()},
    }
