"""A day of N boards (issue 15): generated boards run the way a deployment runs them — one run per
board through the queued run coordinator and the daemon's launcher (``dagster dev``, as ``make ui``
starts it), then the rollup the ``rollup_when_ingested`` sensor requests and the ``dbt build`` the
warehouse sensor requests — on the embedded instance, for two days in a row.

Boards are copies of the six bundled ones under new keys and board tokens, cycling over their six
ATS hosts (so the per-host limit allows 2 runs at once, as many as the local instance allows). Each
copy's long strings get a sentence of their own, so every board's descriptions are new text (no
copy borrows another's cached vectors). Day 1 serves the bundled 11-17 capture (every posting new);
day 2 the 11-18 capture, where ~5% of the postings are new (the rest repeat, some change or close).
Snapshot mode: no network, no politeness waits. The runs are submitted by an asset backfill of the
day's N ``date|provider`` partitions — the same queue, limits and launcher the schedule's run
requests go through (the schedule's tick itself is measured in ``orchestration_at_n_boards``).

Reported per day: wall time (backfill launch → the day's rollup and dbt build done), the machine's
CPU seconds in that window (every process: webserver, daemon, runs), and per board run, from its
own events and its process:

* ``launch_s``: ``RUN_STARTING`` → ``RUN_START``: process start, imports, loading the code location;
* ``steps_s``: the three steps' own time (``raw_postings``: read the capture and store it;
  ``jobs``: parse, normalize, store; ``job_embeddings``: model load when a text misses the cache,
  encode, store), each also reported alone;
* ``around_steps_s``: ``RUN_START`` → run end minus the steps: resources, hooks, event writes;
* ``overhead_s`` = ``launch_s`` + ``around_steps_s``: what a run costs beyond the board's own work;
* ``events``: Dagster events written per run; ``peak_rss_mb``: the run process's VmHWM.

``SCALE_BOARDS`` (default ``50``; e.g. ``50,500``) sets the sizes; ``SCALE_BACKEND`` the embedding
backend (default ``onnx-int8``, the deployment default; the export is made before the clock starts).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path

import yaml
from dagster import DagsterEventType, DagsterInstance, DagsterRunStatus, RunsFilter

from jobintel_core.config.settings import DEFAULT_SNAPSHOT_DIR
from jobintel_dagster.ingestion.automation import INGEST_ASSETS
from jobintel_dagster.warehouse.automation import DAILY_ROLLUP_JOB
from tests.conftest import BUNDLED_REGISTRY, REPO_ROOT
from tests.support.dagster_dev import DagsterDev

DAYS = {date(2026, 11, 17): "2026-11-17", date(2026, 11, 18): "2026-11-18"}  # day → bundled capture
STEPS = INGEST_ASSETS
DONE = [DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED]


def _distinct(value: object, n: int, label: str) -> object:
    """The capture with a sentence of this board's own in every long string (descriptions), its own
    company names (an aggregator's payload names them) and URLs, so no two boards' postings are the
    same job to de-duplication or the same text to the embedding cache."""
    if isinstance(value, dict):
        return {
            k: (f"{v} {n}" if k == "company" and isinstance(v, str) else _distinct(v, n, label))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [_distinct(v, n, label) for v in value]
    if isinstance(value, str) and value.startswith(("http://", "https://")) and len(value) < 500:
        return f"{value}{'&' if '?' in value else '?'}team={n}"  # its own posting URLs
    if isinstance(value, str) and len(value) > 200:
        return f"{value} {label}."
    return value


def _workspace(root: Path, boards: int) -> tuple[Path, Path]:
    bundled = yaml.safe_load(BUNDLED_REGISTRY.read_text())["providers"]
    entries, snapshots = [], root / "snapshots"
    for n in range(boards):
        source = bundled[n % len(bundled)]
        entry = {
            **source,
            "key": f"board-{n:04d}",
            "board": f"{source['board']}-{n}",
            "company": f"{source['company']} {n}",
        }
        entries.append(entry)
        folder = snapshots / entry["key"]
        folder.mkdir(parents=True)
        for day, capture in DAYS.items():
            payload = json.loads((DEFAULT_SNAPSHOT_DIR / source["key"] / f"{capture}.json").read_text())
            label = f"Posted by team {n} of the {source['key']} family"
            (folder / f"{day}.json").write_text(json.dumps(_distinct(payload, n, label)))
    registry = root / "providers.yaml"
    registry.write_text(yaml.safe_dump({"providers": entries}))
    return registry, snapshots


class RunProcesses:
    """Samples every run process — the code server starts each run in a ``multiprocessing`` child
    (``spawn_main`` in its command line) — for its peak RSS (VmHWM: the true peak whenever it was
    read) and CPU time, by process id; a run's events carry its process id."""

    def __init__(self, interval: float = 0.2) -> None:
        self.peak_kb: dict[int, int] = {}
        self.cpu_s: dict[int, float] = {}
        self._stop = threading.Event()
        self._interval = interval
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._tick = os.sysconf("SC_CLK_TCK")

    def __enter__(self) -> RunProcesses:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            for pid in filter(str.isdigit, os.listdir("/proc")):
                try:
                    if b"spawn_main" not in Path(f"/proc/{pid}/cmdline").read_bytes():
                        continue
                    status = Path(f"/proc/{pid}/status").read_text()
                    stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                hwm = int(re.search(r"VmHWM:\s+(\d+)", status).group(1))
                self.peak_kb[int(pid)] = max(self.peak_kb.get(int(pid), 0), hwm)
                self.cpu_s[int(pid)] = (int(stat[11]) + int(stat[12])) / self._tick
            self._stop.wait(self._interval)


def _machine_cpu_s() -> float:
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    busy = sum(int(v) for i, v in enumerate(fields) if i not in (3, 4))  # all but idle and iowait
    return busy / os.sysconf("SC_CLK_TCK")


def _wait_for_day(
    instance: DagsterInstance, day: str, after: float, timeout: float = 7200
) -> dict[str, float]:
    """Until the sensor-requested rollup of ``day`` and the dbt build after it are done; their ends."""
    deadline = time.monotonic() + timeout
    ends: dict[str, float] = {}
    while time.monotonic() < deadline:
        rollups = [
            r
            for r in instance.get_run_records(
                RunsFilter(job_name=DAILY_ROLLUP_JOB, statuses=DONE, tags={"dagster/partition": day})
            )
            if r.create_timestamp.timestamp() > after
        ]
        if rollups:
            ends["rollup"] = rollups[0].end_time or time.time()
            builds = [
                r
                for r in instance.get_run_records(RunsFilter(job_name="warehouse_build", statuses=DONE))
                if r.create_timestamp.timestamp() > ends["rollup"] - 1
            ]
            if builds:
                ends["warehouse_build"] = builds[0].end_time or time.time()
                return ends
        time.sleep(2)
    raise TimeoutError(f"no rollup and dbt build of {day} after {timeout} s")


def _per_run(instance: DagsterInstance, backfill_id: str, processes: RunProcesses) -> dict[str, float]:
    rows = []
    for record in instance.get_run_records(RunsFilter(tags={"dagster/backfill": backfill_id})):
        run_id = record.dagster_run.run_id
        logs = instance.all_logs(run_id)
        marks = {e.dagster_event.event_type: e.timestamp for e in logs if e.dagster_event}
        pid = next(
            (
                e.dagster_event.pid
                for e in logs
                if e.dagster_event and e.dagster_event.event_type == DagsterEventType.RUN_START
            ),
            None,
        )
        end = marks.get(DagsterEventType.RUN_SUCCESS) or marks.get(DagsterEventType.RUN_FAILURE)
        started, starting = marks.get(DagsterEventType.RUN_START), marks.get(DagsterEventType.RUN_STARTING)
        if not (end and started and starting):
            continue
        steps = {
            s.step_key: (s.end_time or 0) - (s.start_time or 0) for s in instance.get_run_step_stats(run_id)
        }
        work = sum(steps.values())
        rows.append(
            {
                "launch_s": started - starting,
                "around_steps_s": end - started - work,
                "steps_s": work,
                **{f"step_{name}_s": steps.get(name, 0.0) for name in STEPS},
                "events": len(logs),
                "peak_rss_mb": processes.peak_kb.get(pid or 0, 0) / 1024,
                "process_cpu_s": processes.cpu_s.get(pid or 0, 0.0),
            }
        )
    out: dict[str, float] = {"board_runs": len(rows)}
    for key in rows[0] if rows else []:
        values = [row[key] for row in rows]
        out[f"{key}_median"] = round(statistics.median(values), 2)
    if rows:
        out["overhead_s_median"] = round(out["launch_s_median"] + out["around_steps_s_median"], 2)
        out["peak_rss_mb_max"] = round(max(row["peak_rss_mb"] for row in rows), 1)
        out["process_cpu_s_total"] = round(sum(row["process_cpu_s"] for row in rows), 1)
    return out


PREPARE = """
from jobintel_core.config.settings import load_settings
from jobintel_core.matching.embeddings.encoder import default_model_path, load_encoder
s = load_settings()
load_encoder(s.model_path or str(default_model_path()), s.embedding_backend, str(s.model_cache_dir)).encode(["warm"])
"""


def _prepare_model(env: dict[str, str]) -> None:
    """The ONNX export (once per model cache) before any clock starts, as a deployment has it."""
    subprocess.run([sys.executable, "-c", PREPARE], env=env, cwd=REPO_ROOT, check=True, capture_output=True)


def _pipeline_env(root: Path, registry: Path, snapshots: Path, backend: str = "onnx-int8") -> dict[str, str]:
    """The environment of a bench's pipeline processes: everything under ``root`` (Dagster home
    ``root/home``, storage, warehouse), the shared model cache, the bench's fixed start date."""
    return {
        **os.environ,
        "DAGSTER_HOME": str(root / "home"),
        "JOBINTEL_PROVIDERS": str(registry),
        "JOBINTEL_SNAPSHOT_DIR": str(snapshots),
        "JOBINTEL_STORAGE_URL": str(root / "storage"),
        "JOBINTEL_WAREHOUSE_URL": str(root / "warehouse.duckdb"),
        "JOBINTEL_START_DATE": "2026-11-16",
        "JOBINTEL_EMBEDDING_BACKEND": backend,
        "JOBINTEL_MODEL_CACHE": str(REPO_ROOT / ".jobintel" / "models"),
    }


def one_size(boards: int, backend: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix=f"jobintel-scale-{boards}-") as tmp:
        root = Path(tmp)
        registry, snapshots = _workspace(root, boards)
        home = root / "home"
        home.mkdir()
        shutil.copy(REPO_ROOT / "deploy" / "local" / "dagster.yaml", home / "dagster.yaml")
        env = _pipeline_env(root, registry, snapshots, backend)
        _prepare_model(env)
        result: dict[str, object] = {"boards": boards, "backend": backend}
        server = DagsterDev(env, root / "dagster-dev.log")
        previous_home = os.environ.get("DAGSTER_HOME")
        os.environ["DAGSTER_HOME"] = str(home)
        try:
            server.wait_loaded()
            with RunProcesses() as processes, DagsterInstance.get() as instance:
                for n, day in enumerate(DAYS, start=1):
                    cpu, wall, created = _machine_cpu_s(), time.monotonic(), time.time()
                    backfill = server.backfill(
                        STEPS,
                        [f"{day}|{e['key']}" for e in yaml.safe_load(registry.read_text())["providers"]],
                    )
                    status = server.wait_backfill(backfill, timeout=7200)
                    ingested = time.monotonic() - wall
                    ends = _wait_for_day(instance, day.isoformat(), created)
                    rollup = instance.get_run_records(
                        RunsFilter(job_name=DAILY_ROLLUP_JOB, tags={"dagster/partition": day.isoformat()})
                    )[0]
                    result[f"day{n}"] = {
                        "ingest_status": status,
                        "ingest_wall_s": round(ingested, 1),
                        "day_wall_s": round(max(ends.values()) - created, 1),
                        "machine_cpu_s": round(_machine_cpu_s() - cpu, 1),
                        "rollup_run_s": round((rollup.end_time or 0) - (rollup.start_time or 0), 1),
                        **_per_run(instance, backfill, processes),
                    }
        finally:
            server.stop()
            if previous_home is None:
                os.environ.pop("DAGSTER_HOME", None)
            else:
                os.environ["DAGSTER_HOME"] = previous_home
    return result


def run() -> dict[str, object]:
    sizes = [int(n) for n in os.environ.get("SCALE_BOARDS", "50").split(",")]
    backend = os.environ.get("SCALE_BACKEND", "onnx-int8")
    return {f"boards_{n}": one_size(n, backend) for n in sizes}


# The rollup over N boards' open jobs, one run process per day: history (fold and de-duplication),
# changes, the index, the scores, the shortlists and the warehouse loads. The boards' `jobs`
# partitions of both days are parsed and stored first (the real parsers, N distinct boards), each
# recorded as a materialization with its content hash (as the ingest runs record them), and their
# vectors put in the embedding cache as random unit vectors: the rollup encodes nothing (as on a day
# whose ingest runs embedded everything), so what is timed is the rollup's own work at that size.
# Day 1 has no previous history (every job new); day 2 folds into day 1's (~5% new, some changed or
# closed): the daily case. Per step: its time and the process's peak RSS while it ran — the kernel's
# high-water mark (VmHWM), read and reset (``clear_refs``) every 50 ms, so no peak falls between
# samples; a step's peak is the highest of the intervals it overlaps, the run's the highest of all
# (``ru_maxrss`` cannot be used: resetting the high-water mark resets it too).
ROLLUP_SCRIPT = """
import json, re, sys, threading, time
from pathlib import Path
from dagster import AssetMaterialization, DagsterInstance
from jobintel_core.config.registry import load_registry
from jobintel_core.config.settings import load_settings
from jobintel_dagster.warehouse.automation import DAILY_ROLLUP_JOB
from jobintel_dagster.code_location import build_definitions
from jobintel_dagster.runs.execute import execute_job, materialized_metadata
marks, stop = [], threading.Event()
def sample():
    status, refs = Path("/proc/self/status"), Path("/proc/self/clear_refs")
    while not stop.is_set():
        hwm = int(re.search(r"VmHWM:\\s+(\\d+)", status.read_text()).group(1))
        refs.write_text("5")
        marks.append((time.time(), hwm))
        stop.wait(0.05)
settings = load_settings()
defs = build_definitions(settings, load_registry(settings.providers_file))
day, hashes = sys.argv[1], json.loads(Path(sys.argv[2]).read_text())
with DagsterInstance.get() as instance:
    for provider, content_hash in hashes.items():
        instance.report_runless_asset_event(
            AssetMaterialization("jobs", partition=f"{day}|{provider}", metadata={"content_hash": content_hash})
        )
    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    start = time.perf_counter()
    result = execute_job(defs, DAILY_ROLLUP_JOB, day, instance, trigger="bench", log_level="ERROR")
    wall = time.perf_counter() - start
    stop.set()
    sampler.join()
    stats = {s.step_key: s for s in instance.get_run_step_stats(result.run_id)}
def peak_mb(s):
    inside = [kb for t, kb in marks if s.start_time - 0.05 <= t <= s.end_time + 0.05]
    return round(max(inside, default=0) / 1024)
meta = materialized_metadata(result)
rows = {k: v.get("dagster/row_count") for k, v in meta.items() if k in ("job_history", "job_changes", "job_scores")}
print(json.dumps({"success": result.success, "run_s": round(wall, 1), "rows": rows,
                  "open_jobs": meta.get("job_history", {}).get("open"),
                  "steps_s": {k: round((s.end_time or 0) - (s.start_time or 0), 2) for k, s in stats.items()},
                  "steps_peak_mb": {k: peak_mb(s) for k, s in stats.items()},
                  "peak_rss_mb": round(max(kb for _, kb in marks) / 1024)}))
"""


def _store_day(env: dict[str, str], day: date) -> dict[str, str]:
    """Every board's ``jobs`` partition of ``day`` (as the ingest runs store them) and a vector for
    each posting's embedding text in the cache; returns each board's content hash."""
    import numpy as np
    import pyarrow as pa

    from jobintel_core.config.registry import load_registry
    from jobintel_core.ingestion.acquisition.captures import find_snapshot
    from jobintel_core.ingestion.ats import family_for
    from jobintel_core.ingestion.normalization.jobs_table import JOBS_SCHEMA, jobs_frame
    from jobintel_core.matching.embeddings.embedding_cache import EmbeddingCache
    from jobintel_core.matching.embeddings.embedding_text import embedding_text, text_hash
    from jobintel_core.matching.embeddings.encoder import default_model_path, load_encoder
    from jobintel_core.storage.keys import table_key
    from jobintel_core.storage.objects import LocalObjectStore
    from jobintel_core.storage.tables import frame_hash, parquet_bytes

    store = LocalObjectStore(env["JOBINTEL_STORAGE_URL"])
    rng, vectors, hashes = np.random.default_rng(day.toordinal()), {}, {}
    for provider in load_registry(Path(env["JOBINTEL_PROVIDERS"])).enabled():
        snapshot = find_snapshot(Path(env["JOBINTEL_SNAPSHOT_DIR"]), provider.key, day)
        frame = jobs_frame(
            family_for(provider.ats).parse(snapshot.load(), provider, snapshot.captured_at).postings
        )
        table = pa.Table.from_pandas(
            frame, schema=JOBS_SCHEMA, preserve_index=False
        )  # as the IO manager stores it
        store.put(table_key("jobs", f"{day}/{provider.key}"), parquet_bytes(table))
        hashes[provider.key] = frame_hash(frame)
        for row in frame.to_dict("records"):
            vector = rng.standard_normal(384).astype(np.float32)
            vectors[text_hash(embedding_text(row))] = vector / np.linalg.norm(vector)
    encoder = load_encoder(
        str(default_model_path()), env["JOBINTEL_EMBEDDING_BACKEND"], env["JOBINTEL_MODEL_CACHE"]
    )
    EmbeddingCache(store, encoder.model_id).put_many(vectors)
    return hashes


def rollup_at_size(boards: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix=f"jobintel-rollup-{boards}-") as tmp:
        root = Path(tmp)
        started = time.perf_counter()
        registry, snapshots = _workspace(root, boards)
        (root / "home").mkdir()
        env = _pipeline_env(root, registry, snapshots)
        _prepare_model(env)
        result: dict[str, object] = {"boards": boards}
        for n, day in enumerate(DAYS, start=1):
            hashes = root / f"hashes-{day}.json"
            hashes.write_text(json.dumps(_store_day(env, day)))
            proc = subprocess.run(
                [sys.executable, "-c", ROLLUP_SCRIPT, day.isoformat(), str(hashes)],
                env=env,
                cwd=REPO_ROOT,
                capture_output=True,
                text=True,
                timeout=7200,
            )
            if proc.returncode:
                raise RuntimeError(proc.stderr[-3000:])
            result[f"day{n}"] = json.loads(proc.stdout.strip().splitlines()[-1])
        result["bench_wall_s"] = round(time.perf_counter() - started, 1)  # generating, storing, both rollups
    return result


def rollup_run() -> dict[str, object]:
    sizes = [int(n) for n in os.environ.get("ROLLUP_BOARDS", "2000").split(",")]
    return {f"boards_{n}": rollup_at_size(n) for n in sizes}
