"""One day of ``daily_ingest`` (every bundled provider, snapshot mode) on an ephemeral instance:
fetch, parse, store and embed, timed on a re-run (embeddings come from the cache)."""

from __future__ import annotations

import tempfile
import time
from datetime import date
from pathlib import Path

from dagster import DagsterInstance

from jobintel_core.config.registry import load_registry
from jobintel_core.config.settings import DEFAULT_REGISTRY, Settings
from jobintel_dagster.code_location import build_definitions
from jobintel_dagster.runs.day import run_day

DAY = date(2026, 11, 20)


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(storage_url=str(Path(tmp) / "storage"))
        defs = build_definitions(settings, load_registry(DEFAULT_REGISTRY))
        instance = DagsterInstance.ephemeral()
        # Warm-up: imports, model load, and the embedding cache filled; the timed run is a re-run.
        run_day(defs, instance, DAY, log_level="ERROR", with_history=False)
        start = time.perf_counter()
        outcomes = run_day(defs, instance, DAY, log_level="ERROR", with_history=False).providers
        elapsed = time.perf_counter() - start
    jobs = sum(o.jobs or 0 for o in outcomes)
    return {
        "partitions": len(outcomes),
        "jobs": jobs,
        "seconds_total": round(elapsed, 2),
        "seconds_per_partition": round(elapsed / len(outcomes), 3),
        "jobs_per_s": round(jobs / elapsed, 1),
    }
