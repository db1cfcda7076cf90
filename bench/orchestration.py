"""Orchestration at N boards (issue 15, item 4, in part): what the code location, the daily schedule's
tick and the rollup sensor's status query cost with 50, 500 and 2,000 boards in the registry.

Boards are copies of the bundled ones under new keys and board tokens (snapshot mode). Measured in
this process, on an ephemeral instance: loading the code location (`build_definitions`), one tick
of `daily_ingest_schedule` (evaluated as the daemon does, through Dagster's schedule context), and
the status of one date's N `jobs` partitions (`get_status_by_partition`, the query the rollup sensor
runs per pending date). Not measured here: running the N runs themselves (see `backfill_month`).
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import yaml

from jobintel_core.config.registry import load_registry
from jobintel_core.config.settings import Settings
from tests.conftest import BUNDLED_REGISTRY

SIZES = (50, 500, 2000)


def _registry(root: Path, boards: int) -> Path:
    bundled = yaml.safe_load(BUNDLED_REGISTRY.read_text())["providers"]
    entries = [
        {
            **bundled[n % len(bundled)],
            "key": f"board-{n:04d}",
            "board": f"{bundled[n % len(bundled)]['board']}-{n}",
        }
        for n in range(boards)
    ]
    path = root / f"providers-{boards}.yaml"
    path.write_text(yaml.safe_dump({"providers": entries}))
    return path


def _one(root: Path, boards: int) -> dict[str, float]:
    from dagster import AssetKey, DagsterInstance, build_schedule_context

    from jobintel_dagster.code_location import build_definitions
    from jobintel_dagster.partitions import date_provider_key

    registry_path = _registry(root, boards)
    settings = Settings.model_validate(
        {
            "providers_file": registry_path,
            "storage_url": str(root / "storage"),
            "warehouse_url": str(root / "wh.duckdb"),
        }
    )
    registry = load_registry(registry_path)
    start = time.perf_counter()
    defs = build_definitions(settings, registry)
    graph = defs.resolve_asset_graph()
    loaded = time.perf_counter() - start
    schedule = defs.resolve_schedule_def("daily_ingest_schedule")
    with DagsterInstance.ephemeral() as instance:
        tick = datetime(2026, 11, 20, 6, tzinfo=UTC)
        start = time.perf_counter()
        with build_schedule_context(
            instance=instance, scheduled_execution_time=tick, repository_def=defs.get_repository_def()
        ) as context:
            requests = list(schedule.evaluate_tick(context).run_requests or [])
        ticked = time.perf_counter() - start
        partitions = graph.get(AssetKey("jobs")).partitions_def
        keys = [str(date_provider_key("2026-11-20", key)) for key in registry.enabled_keys()]
        start = time.perf_counter()
        instance.get_status_by_partition(AssetKey("jobs"), keys, partitions)
        status = time.perf_counter() - start
    return {
        "load_code_location_s": round(loaded, 2),
        "schedule_tick_s": round(ticked, 2),
        "run_requests": len(requests),
        "rollup_status_query_s": round(status, 3),
    }


def run() -> dict[str, object]:
    out: dict[str, object] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for boards in SIZES:
            for key, value in _one(Path(tmp), boards).items():
                out[f"{boards}_{key}"] = value
    return out


if __name__ == "__main__":
    print(run())
