"""``jobintel mark``, ``state``, ``rate`` and ``outcome`` load neither the model stack nor Dagster.

They run in a fresh interpreter through the same ``main`` as the console script; the modules that
interpreter imported are then listed. (Their wall time is measured in ``make bench``, not here.)
"""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from tests.conftest import REPO_ROOT
from tests.support.stored_history import store_history

HEAVY = ("torch", "faiss", "sentence_transformers", "transformers", "dagster")
SCRIPT = (
    "import json, sys\n"
    "from jobintel_dagster.cli import main\n"
    "code = main(sys.argv[1:])\n"
    f"print(json.dumps({{'code': code, 'heavy': sorted({{n.split('.')[0] for n in sys.modules}} & {set(HEAVY)!r})}}))\n"
)


def run_cli(tmp_path, *args: str) -> tuple[dict, str]:
    env = {**os.environ, "JOBINTEL_STORAGE_URL": str(tmp_path / "storage")}
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT, *args],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    *printed, summary = proc.stdout.strip().splitlines()
    return json.loads(summary), "\n".join(printed)


def test_mark_and_state_import_no_model_and_no_dagster(tmp_path):
    [job_id, *_] = store_history(tmp_path / "storage", date(2026, 11, 20))
    marked, printed = run_cli(
        tmp_path, "mark", job_id, "applied", "--profile", "alex", "--date", "2026-11-21"
    )
    assert marked == {"code": 0, "heavy": []}
    assert printed.startswith(f"alex: {job_id} ") and printed.endswith("→ applied on 2026-11-21")
    listed, printed = run_cli(tmp_path, "state", "--profile", "alex")
    assert listed == {"code": 0, "heavy": []}
    assert printed == f"{job_id}  applied      2026-11-21"


def test_rate_and_outcome_import_no_model_and_no_dagster(tmp_path):
    [job_id, *_] = store_history(tmp_path / "storage", date(2026, 11, 20))
    rated, _ = run_cli(tmp_path, "rate", job_id, "--profile", "alex", "--stars", "5")
    moved, printed = run_cli(tmp_path, "outcome", job_id, "--profile", "alex", "--stage", "applied")
    assert rated == moved == {"code": 0, "heavy": []}
    assert printed.startswith(f"alex: {job_id} ")


# Native threads alive at exit beyond those the imports start (OpenBLAS's, jemalloc's): counted from
# /proc after the imports, and again after the command, in the same interpreter.
THREADS_SCRIPT = (
    "import json, os, sys\n"
    "import numpy, pandas, pyarrow, pyarrow.parquet\n"
    "from jobintel_dagster.cli import main\n"
    "before = len(os.listdir('/proc/self/task'))\n"
    "code = main(sys.argv[1:])\n"
    "print(json.dumps({'code': code, 'threads_started': len(os.listdir('/proc/self/task')) - before}))\n"
)


def test_light_commands_leave_no_native_worker_thread_behind(tmp_path):
    """The SIGABRT below is an Arrow thread-pool worker still running while the process's static
    destructors run (apache/arrow#34314): reading Parquet started Arrow's I/O and CPU pools, whose
    threads live until exit. Stored tables are now read on the calling thread, so these commands end
    with no Arrow worker alive and there is nothing left to race the exit."""
    [job_id, *_] = store_history(tmp_path / "storage", date(2026, 11, 20))
    env = {**os.environ, "JOBINTEL_STORAGE_URL": str(tmp_path / "storage")}
    for args in (["mark", job_id, "applied", "--profile", "alex"], ["state", "--profile", "alex"]):
        proc = subprocess.run(
            [sys.executable, "-c", THREADS_SCRIPT, *args],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert json.loads(proc.stdout.strip().splitlines()[-1]) == {"code": 0, "threads_started": 0}, args


def test_light_commands_exit_0_every_time_under_cpu_load(tmp_path):
    """A `jobintel mark` printed its success and then died by SIGABRT ("terminate called without an
    active exception") on a loaded 2-core machine: a native worker thread torn down at interpreter
    exit (see the test above). This runs mark and state back to back while two busy processes hold
    both cores, and every exit must be 0."""
    [job_id, *_] = store_history(tmp_path / "storage", date(2026, 11, 20))
    env = {**os.environ, "JOBINTEL_STORAGE_URL": str(tmp_path / "storage")}
    jobintel = str(Path(sys.executable).parent / "jobintel")
    load = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        codes = [
            subprocess.run([jobintel, *args], env=env, capture_output=True, timeout=120).returncode
            for _ in range(10)
            for args in (["mark", job_id, "saved", "--profile", "alex"], ["state", "--profile", "alex"])
        ]
    finally:
        for process in load:
            process.kill()
    assert codes == [0] * 20
