"""Wall time of the light commands, ``jobintel mark`` and ``jobintel state``, as a user runs them
(the console script in a fresh process, median of 7 runs) over a stored history day."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from tests.support.stored_history import store_history

RUNS = 7


def _median_seconds(args: list[str], env: dict[str, str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(args, env=env, check=True, capture_output=True, timeout=120)
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 3)


def run() -> dict[str, float]:
    jobintel = str(Path(sys.executable).parent / "jobintel")
    with tempfile.TemporaryDirectory() as tmp:
        storage = Path(tmp) / "storage"
        [job_id, *_] = store_history(storage, date(2026, 11, 20))
        env = {**os.environ, "JOBINTEL_STORAGE_URL": str(storage)}
        return {
            "mark_median_s": _median_seconds([jobintel, "mark", job_id, "saved", "--profile", "alex"], env),
            "state_median_s": _median_seconds([jobintel, "state", "--profile", "alex"], env),
            "python_startup_s": _median_seconds([sys.executable, "-c", "pass"], env),
        }
