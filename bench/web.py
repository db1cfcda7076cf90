"""The web app's speed at scale: Today for a profile with a 100-job shortlist and a job page,
rendered server-side (in-process ASGI requests, p50 and p95 of 25), over local storage holding 90
days of ``WEB_BOARDS`` (2,000) boards; and the peak memory of the serving process.

The two latest days are made the way ``rollup_at_n_boards`` makes its days (``bench.scale``: N
generated boards parsed by the real parsers, vectors in the cache, then the ``daily_rollup`` run
in its own process) for the bundled profiles and one that keeps 100 jobs (``wide``). The 88 days
before them are copies of the latest day's stored partitions (``jobs`` as hard links), so storage
holds 90 days the way retention keeps them (a page must read only the day it shows). Every job of
the latest history is made first seen 89 days before it: a job page reads the change partition of
each day since (90 of them), the most any job page reads here. Timing and memory are measured in a
fresh process that imports only the web app. ``WEB_DATA`` keeps the generated folder (made once,
reused while it holds ``ready``); without it a temporary folder is used and removed.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import yaml

STORED_DAYS = 90
REQUESTS = 25
DAILY = ("job_history", "job_changes", "job_scores", "shortlist", "job_index")


def _stored_days(root: Path, boards: int) -> dict[str, object]:
    import pyarrow as pa

    from bench.scale import DAYS, ROLLUP_SCRIPT, _pipeline_env, _prepare_model, _store_day, _workspace
    from jobintel_core.storage.keys import table_key
    from jobintel_core.storage.objects import LocalObjectStore
    from jobintel_core.storage.tables import parquet_bytes, table_from_parquet
    from tests.conftest import REPO_ROOT

    registry, snapshots = _workspace(root, boards)
    profiles = root / "profiles"
    profiles.mkdir()
    for bundled in (REPO_ROOT / "config" / "profiles").glob("*.yaml"):
        shutil.copy(bundled, profiles / bundled.name)
    alex = yaml.safe_load((profiles / "alex.yaml").read_text())
    (profiles / "wide.yaml").write_text(yaml.safe_dump({**alex, "shortlist": {"min_score": 0, "top_n": 100}}))
    (root / "home").mkdir()
    env = {**_pipeline_env(root, registry, snapshots), "JOBINTEL_PROFILES": str(profiles)}
    _prepare_model(env)
    for day in DAYS:
        hashes = root / f"hashes-{day}.json"
        hashes.write_text(json.dumps(_store_day(env, day)))
        run = [sys.executable, "-c", ROLLUP_SCRIPT, day.isoformat(), str(hashes)]
        subprocess.run(run, env=env, cwd=REPO_ROOT, check=True, capture_output=True, timeout=7200)
    latest = max(DAYS)
    storage = root / "storage"
    store = LocalObjectStore(storage)
    history_key = table_key("job_history", latest.isoformat())
    history = table_from_parquet(store.get(history_key))
    oldest = pa.array([latest - timedelta(days=STORED_DAYS - 1)] * len(history), pa.date32())
    position = history.schema.get_field_index("first_seen")
    store.put(history_key, parquet_bytes(history.set_column(position, "first_seen", oldest)))
    for back in range(len(DAYS), STORED_DAYS):  # hard links: the same bytes under each date
        earlier = (latest - timedelta(days=back)).isoformat()
        for asset in DAILY:
            source = storage / asset / f"{latest.isoformat()}.parquet"
            if source.exists():
                os.link(source, storage / asset / f"{earlier}.parquet")
        shutil.copytree(
            storage / "jobs" / latest.isoformat(), storage / "jobs" / earlier, copy_function=os.link
        )
    changes = table_from_parquet(store.get(table_key("job_changes", latest.isoformat())), columns=["change"])
    scores = table_from_parquet(store.get(table_key("job_scores", latest.isoformat())), columns=["profile"])
    return {"history_rows": len(history), "changes_rows": len(changes), "score_rows": len(scores)}


def measure(root: str) -> None:
    """In its own process: request times (p50, p95) and the process's peak memory, as JSON."""
    from fastapi.testclient import TestClient

    from jobintel_core.storage.objects import LocalObjectStore
    from jobintel_core.web.app import create_app
    from jobintel_core.web.deps import WebConfig

    imported_mb = _peak_rss_mb()
    base = Path(root)
    config = WebConfig(
        store=LocalObjectStore(base / "storage"),
        profiles_dir=base / "profiles",
        timezone="UTC",
        secret="b" * 40,
    )
    client = TestClient(create_app(config))

    def timed(path: str) -> dict[str, float]:
        client.get(path)  # first request: templates compiled
        times = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append(time.perf_counter() - start)
        p95 = statistics.quantiles(times, n=20)[-1]
        return {"p50_ms": round(statistics.median(times) * 1000, 1), "p95_ms": round(p95 * 1000, 1)}

    rows = client.get("/api/profiles/wide/today").json()["rows"]
    result = {
        "today_rows": len(rows),
        "today": timed("/p/wide"),
        "job_page": timed(f"/p/wide/jobs/{rows[0]['job_id']}"),
        "tracker": timed("/p/wide/tracker"),
        "rss_after_import_mb": round(imported_mb, 1),
        "peak_rss_mb": round(_peak_rss_mb(), 1),
    }
    print(json.dumps(result))


def _peak_rss_mb() -> float:
    """This process's peak resident memory (``VmHWM``): unlike ``ru_maxrss``, which a child
    inherits from the parent it was forked from, it starts afresh at ``exec``."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status")


def _measured(root: Path, boards: int) -> dict[str, object]:
    started = time.perf_counter()
    if not (root / "ready").exists():  # a folder left half-made is made again
        shutil.rmtree(root)
        root.mkdir(parents=True)
        (root / "ready").write_text(json.dumps(_stored_days(root, boards)))
    generated = time.perf_counter() - started
    out = subprocess.run(
        [sys.executable, "-c", f"from bench.web import measure; measure({str(root)!r})"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return {
        "stored_days": STORED_DAYS,
        "boards": boards,
        "generated_s": round(generated, 1),
        **json.loads((root / "ready").read_text()),
        **json.loads(out.strip().splitlines()[-1]),
    }


def run() -> dict[str, object]:
    boards = int(os.environ.get("WEB_BOARDS", "2000"))
    if kept := os.environ.get("WEB_DATA"):
        Path(kept).mkdir(parents=True, exist_ok=True)
        return _measured(Path(kept), boards)
    with tempfile.TemporaryDirectory() as tmp:
        return _measured(Path(tmp), boards)
