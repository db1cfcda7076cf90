"""The web app's speed: Today for a profile with a 100-job shortlist and a job page, rendered
server-side (in-process ASGI requests, median of 25), over local storage holding 90 days; and the
peak memory of the serving process.

The day is made by the real pipeline (six bundled boards, 2026-11-20) for a profile that keeps 100
jobs; the 89 days before it are copies of that day's stored partitions under earlier dates, so
storage holds 90 days the way retention keeps them (the pages must read only the day they show).
Timing and memory are measured in a fresh process that imports only the web app."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import yaml

DAY = date(2026, 11, 20)
STORED_DAYS = 90
REQUESTS = 25
DAILY = ("job_history", "job_changes", "job_scores", "shortlist", "job_index")


def _stored_day(root: Path) -> None:
    from dagster import DagsterInstance

    from jobintel_dagster.runs.day import run_day
    from tests.conftest import REPO_ROOT, make_workspace

    profiles = root / "profiles"
    profiles.mkdir()
    alex = yaml.safe_load((REPO_ROOT / "config" / "profiles" / "alex.yaml").read_text())
    (profiles / "wide.yaml").write_text(yaml.safe_dump({**alex, "shortlist": {"min_score": 0, "top_n": 100}}))
    ws = make_workspace(root, profiles_dir=profiles)
    outcome = run_day(ws.definitions(), DagsterInstance.ephemeral(), DAY, log_level="ERROR")
    assert outcome.ok, outcome
    storage = root / "storage"
    for back in range(1, STORED_DAYS):
        earlier = (DAY - timedelta(days=back)).isoformat()
        for asset in DAILY:
            source = storage / asset / f"{DAY.isoformat()}.parquet"
            if source.exists():
                shutil.copyfile(source, storage / asset / f"{earlier}.parquet")
        shutil.copytree(storage / "jobs" / DAY.isoformat(), storage / "jobs" / earlier)


def measure(root: str) -> None:
    """In its own process: median request times and the process's peak memory, as JSON."""
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

    def median_ms(path: str) -> float:
        client.get(path)  # first request: templates compiled
        times = []
        for _ in range(REQUESTS):
            start = time.perf_counter()
            assert client.get(path).status_code == 200
            times.append(time.perf_counter() - start)
        return round(statistics.median(times) * 1000, 1)

    rows = client.get("/api/profiles/wide/today").json()["rows"]
    result = {
        "today_rows": len(rows),
        "today_median_ms": median_ms("/p/wide"),
        "job_page_median_ms": median_ms(f"/p/wide/jobs/{rows[0]['job_id']}"),
        "tracker_median_ms": median_ms("/p/wide/tracker"),
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


def run() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        _stored_day(Path(tmp))
        out = subprocess.run(
            [sys.executable, "-c", f"from bench.web import measure; measure({tmp!r})"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return {"stored_days": STORED_DAYS, **json.loads(out.strip().splitlines()[-1])}
