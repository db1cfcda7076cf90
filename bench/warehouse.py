"""Warehouse: loaders + ``dbt build`` over 90 days × 8 providers of synthetic stored partitions, on
DuckDB and on PostgreSQL (the server on 127.0.0.1:5432, a throwaway database).

The stored partitions are made by the core's own functions, day by day, as the assets make them:
``jobs`` per provider (each board lists ~139 open jobs a day, jobs live ~30 days, so the 90 days
hold ~100,000 posting rows and ~4,400 distinct jobs), ``job_history`` / ``job_changes`` by
``update_history`` / ``diff_history``, ``job_scores`` for two profiles by ``score_jobs`` (cosines
drawn at random) and ``shortlist`` by ``build_shortlist``. Loading and dbt each run in a child
process, so their peak RSS is their own.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

DAYS, PROVIDERS, OPEN_PER_BOARD, LIFETIME_DAYS = 90, 8, 139, 30
FIRST_DAY = date(2026, 8, 1)


def _listings(rng: random.Random) -> list[tuple[int, int, int]]:
    """(provider, first day, last day) per job: boards start full, then ~1/30 of jobs turn over daily."""
    jobs = []
    for provider in range(PROVIDERS):
        slots = [rng.randrange(-LIFETIME_DAYS, 1) for _ in range(OPEN_PER_BOARD)]  # already open on day 0
        for start in slots:
            while start < DAYS:
                end = start + max(1, int(rng.expovariate(1 / LIFETIME_DAYS)))
                jobs.append((provider, max(start, 0), min(end, DAYS)))
                start = end  # the slot is filled again the day the job closes
    return jobs


def write_partitions(root: Path) -> dict[str, int]:
    from bench.matching import synthetic_jobs
    from jobintel_core.history.tracking import CHANGES_SCHEMA, HISTORY_SCHEMA, diff_history, update_history
    from jobintel_core.ingestion.normalization.jobs_table import JOBS_SCHEMA
    from jobintel_core.matching.profiles.profile import Profile
    from jobintel_core.matching.scoring.scorer import SCORES_SCHEMA, score_jobs
    from jobintel_core.matching.scoring.shortlist import SHORTLIST_SCHEMA, build_shortlist
    from jobintel_core.storage.keys import table_key
    from jobintel_core.storage.objects import LocalObjectStore
    from jobintel_core.storage.tables import parquet_bytes

    rng = random.Random(11)
    listings = _listings(rng)
    pool = synthetic_jobs(len(listings), seed=13)
    pool["provider"] = [f"board-{p}" for p, _, _ in listings]
    store = LocalObjectStore(root)
    profiles = [
        Profile(name="dana", titles=["Data Engineer"], must_have=["Python", "SQL"], locations=["Remote"]),
        Profile(name="lee", titles=["Frontend Engineer"], must_have=["TypeScript"], locations=["Berlin"]),
    ]
    draw = np.random.default_rng(5)

    def put(asset: str, path: str, frame: pd.DataFrame, schema: pa.Schema) -> None:
        store.put(
            table_key(asset, path),
            parquet_bytes(pa.Table.from_pandas(frame, schema=schema, preserve_index=False)),
        )

    history, counts = None, {"jobs": 0, "history": 0, "scores": 0}
    starts = np.array([s for _, s, _ in listings])
    ends = np.array([e for _, _, e in listings])
    for n in range(DAYS):
        day = FIRST_DAY + timedelta(days=n)
        listed = pool[(starts <= n) & (ends > n)].copy()
        listed["fetched_at"] = pd.Timestamp(day, tz="UTC")
        for provider, frame in listed.groupby("provider"):
            put("jobs", f"{day}/{provider}", frame, JOBS_SCHEMA)
        counts["jobs"] += len(listed)
        previous = history
        history, _ = update_history(previous, listed, sorted(set(pool["provider"])), day)
        put("job_history", day.isoformat(), history, HISTORY_SCHEMA)
        put("job_changes", day.isoformat(), diff_history(previous, history, day), CHANGES_SCHEMA)
        open_jobs = history[history["status"] == "open"]
        cosines = {
            p.name: pd.Series(draw.uniform(0, 0.8, len(open_jobs)), index=open_jobs["job_id"].to_numpy())
            for p in profiles
        }
        scores = score_jobs(profiles, open_jobs, cosines, day)
        put("job_scores", day.isoformat(), scores, SCORES_SCHEMA)
        put("shortlist", day.isoformat(), build_shortlist(scores, profiles, {}, day), SHORTLIST_SCHEMA)
        counts["history"] += int((history["status"] == "open").sum())
        counts["scores"] += len(scores)
    counts["distinct_jobs"] = len(listings)
    return counts


def _child(code: str, env: dict[str, str]) -> dict:
    """Run ``code`` in a fresh Python; it prints one JSON line. Adds its peak RSS (children's)."""
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=3600)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


LOAD = """
import json, resource, time
from datetime import date, timedelta
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.warehouse.engines import open_warehouse
from jobintel_core.warehouse.loading import load_partition
from jobintel_core.config.warehouse_location import WarehouseLocation
from jobintel_core.warehouse.sources import SOURCES
store, location = LocalObjectStore({root!r}), WarehouseLocation.parse({url!r})
start, rows = time.perf_counter(), 0
with open_warehouse(location) as wh:
    for n in range({days}):
        for source in SOURCES.values():
            rows += load_partition(store, wh, source, date.fromisoformat({first!r}) + timedelta(days=n)).rows
print(json.dumps({{"load_s": round(time.perf_counter() - start, 2), "rows_loaded": rows,
                  "load_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}}))
"""

BUILD = """
import json, resource, time
from jobintel_core.config.settings import load_settings
from jobintel_dagster.warehouse.project import dbt_resource, jobintel_dbt_project
project = jobintel_dbt_project(load_settings().dbt_project_dir)
start = time.perf_counter()
invocation = dbt_resource(project, {target!r}).cli(["build", "--quiet"], target_path=project.target_path / "bench")
invocation.wait()
wall = time.perf_counter() - start
results = invocation.get_artifact("run_results.json")
print(json.dumps({{"dbt_build_s": round(wall, 2), "dbt_own_s": round(results["elapsed_time"], 2),
                  "dbt_nodes": len(results["results"]),
                  "dbt_failed": sum(r["status"] in ("error", "fail") for r in results["results"]),
                  "dbt_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)}}))
"""


def _engine(root: Path, url: str, env: dict[str, str]) -> dict:
    from jobintel_core.config.warehouse_location import WarehouseLocation

    location = WarehouseLocation.parse(url)
    env = {**env, **location.dbt_env(), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    loaded = _child(LOAD.format(root=str(root), url=url, days=DAYS, first=FIRST_DAY.isoformat()), env)
    built = _child(BUILD.format(target=location.dbt_target()), env)
    return {**loaded, **built}


def run() -> dict[str, object]:
    import psycopg2

    env = dict(os.environ)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "storage"
        start = time.perf_counter()
        counts = write_partitions(root)
        made = time.perf_counter() - start
        out: dict[str, object] = {
            "days": DAYS,
            "providers": PROVIDERS,
            "posting_rows": counts["jobs"],
            "distinct_jobs": counts["distinct_jobs"],
            "open_job_days": counts["history"],
            "score_rows": counts["scores"],
            "generate_s": round(made, 1),
        }
        for key, value in _engine(root, str(Path(tmp) / "bench.duckdb"), env).items():
            out[f"duckdb_{key}"] = value
        name = f"jobintel_bench_{uuid.uuid4().hex[:8]}"
        admin = psycopg2.connect(host="127.0.0.1", port=5432, user="postgres", dbname="postgres")
        admin.autocommit = True
        try:
            for key, value in _engine(root, f"postgresql://postgres@127.0.0.1:5432/{name}", env).items():
                out[f"postgres_{key}"] = value
        finally:
            with admin.cursor() as cur:
                cur.execute(f'drop database if exists "{name}" with (force)')
            admin.close()
    return out


if __name__ == "__main__":
    print(json.dumps(run(), indent=1))
