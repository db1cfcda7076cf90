"""``jobintel run`` as an operator meets trouble: S3 down, a wrong instance or storage setting, Ctrl-C
and SIGTERM. Each ends in a bounded time with one line naming the service and, for runs, a
terminal run status in the instance; stderr stays free of Dagster's tracebacks."""

import os
import shutil
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
import pytest
from dagster import AssetKey, AssetRecordsFilter, DagsterInstance, DagsterRunStatus

from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.ats import family_for
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_dagster.cli.exit_codes import ExitCode
from tests.conftest import REPO_ROOT, free_port, make_workspace
from tests.support.board_server import BoardServer, Reply
from tests.support.live_boards import BY_ATS, CONTACT

BIN = Path(sys.executable).parent
TERMINAL = {DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED}
NOW = datetime(2026, 11, 20, tzinfo=UTC)


def jobintel_env(ws, home: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "JOBINTEL_PROVIDERS": str(ws.registry_path),
        "JOBINTEL_SNAPSHOT_DIR": str(ws.settings.snapshot_dir),
        "JOBINTEL_STORAGE_URL": ws.settings.storage_url,
        "JOBINTEL_WAREHOUSE_URL": ws.settings.warehouse_url,
        **extra,
    }


def run_statuses(home: Path) -> list[DagsterRunStatus]:
    previous = os.environ.get("DAGSTER_HOME")
    os.environ["DAGSTER_HOME"] = str(home)
    try:
        with DagsterInstance.get() as instance:
            return [run.status for run in instance.get_runs()]
    finally:
        if previous is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = previous


def test_s3_down_fails_fast_with_one_line_naming_s3_and_the_endpoint(tmp_path):
    ws = make_workspace(tmp_path / "ws", providers=["northwind"])
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there: S3 is down
    env = jobintel_env(
        ws,
        tmp_path / "home",
        JOBINTEL_STORAGE_URL="s3://jobintel-data/prod",
        AWS_ENDPOINT_URL=dead,
        AWS_ACCESS_KEY_ID="testing",
        AWS_SECRET_ACCESS_KEY="testing",
        AWS_DEFAULT_REGION="us-east-1",
    )
    proc = subprocess.run(
        [BIN / "jobintel", "run", "--date", "2026-11-20"],
        cwd=REPO_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )  # the bound: retries are short here
    assert proc.returncode == ExitCode.UNREACHABLE
    [failure] = [line for line in proc.stdout.splitlines() if line.startswith("northwind failed: ")]
    assert failure.startswith(f"northwind failed: S3 at {dead} (bucket 'jobintel-data'): ")
    assert "(after 2 step retries)" in failure  # JOBINTEL_FETCH_STEP_RETRIES=2, 5 s apart, not 300
    assert "Traceback" not in proc.stdout + proc.stderr and proc.stderr == ""
    assert "Data:" not in proc.stdout  # nothing was written, so no location is printed
    statuses = run_statuses(tmp_path / "home")
    assert statuses and set(statuses) <= TERMINAL


def test_a_configuration_error_is_one_line(tmp_path):
    ws = make_workspace(tmp_path / "ws", providers=["northwind"])
    proc = subprocess.run(
        [BIN / "jobintel", "run", "--date", "2026-11-20"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env=jobintel_env(ws, tmp_path / "home", JOBINTEL_ENV="prod"),
    )
    assert proc.returncode == ExitCode.INVALID_INPUT
    assert proc.stderr.strip().splitlines() == [
        f"configuration: JOBINTEL_ENV=prod needs JOBINTEL_STORAGE_URL=s3://bucket/prefix, got {ws.settings.storage_url!r}"
    ]


def test_an_unreachable_instance_database_is_one_line(tmp_path):
    ws = make_workspace(tmp_path / "ws", providers=["northwind"])
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    port = free_port()  # no PostgreSQL there
    env = jobintel_env(
        ws,
        home,
        DAGSTER_PG_HOST="127.0.0.1",
        DAGSTER_PG_PORT=str(port),
        DAGSTER_PG_USER="postgres",
        DAGSTER_PG_PASSWORD="",
        DAGSTER_PG_DB="jobintel",
        DAGSTER_COMPUTE_LOG_BUCKET="logs",
    )
    proc = subprocess.run(
        [BIN / "jobintel", "run", "--date", "2026-11-20"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
    )
    assert proc.returncode == ExitCode.UNREACHABLE
    [line] = proc.stderr.strip().splitlines()
    assert line.startswith(f"the Dagster instance in {home} cannot be used: OperationalError: ")
    assert f"port {port} failed" in line
    assert line.endswith(f"(check {home / 'dagster.yaml'} and the DAGSTER_PG_* variables)")


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_signal_ends_the_run_in_progress_cleanly_and_starts_nothing_more(tmp_path, sig):
    board = BY_ATS["greenhouse"]
    with BoardServer() as server:
        board.serve(server)
        server.route(board.main, Reply(200, b'{"jobs": []}', delay=60))  # a board that takes its time
        slow = board.entry(server, mode="live", fetch={"timeout_s": 120, "max_retries": 0})
        ws = make_workspace(tmp_path / "ws", providers=["northwind"], entries=[slow])
        home = tmp_path / "home"
        process = subprocess.Popen(
            [BIN / "jobintel", "run", "--date", "2026-11-20"],
            cwd=REPO_ROOT,
            env=jobintel_env(ws, home, JOBINTEL_CONTACT=CONTACT),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        deadline = time.monotonic() + 120
        while not any(path == board.main for path, _ in server.log):  # the run is inside its fetch
            assert time.monotonic() < deadline and process.poll() is None, process.communicate()
            time.sleep(0.2)
        process.send_signal(sig)
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == ExitCode.INTERRUPTED, stdout + stderr
    assert (
        "interrupted by SIGINT/SIGTERM: the run in progress was marked failed; nothing else was started"
        in stdout
    )
    assert "Traceback" not in stderr
    assert run_statuses(home) == [DagsterRunStatus.FAILURE]  # terminal, and no second run started


@pytest.mark.postgres
def test_postgres_stopped_mid_run_fails_cleanly_and_a_rerun_matches_a_clean_run(tmp_path, monkeypatch):
    """A throwaway cluster (never the shared server) is stopped while the first board's fetch is in
    flight: the run ends with one line naming PostgreSQL, nothing is stored or recorded for what
    was not written, and once the cluster is back a rerun gives a clean run's content hashes."""
    from tests.support.pg_cluster import ThrowawayPostgres

    board = BY_ATS["greenhouse"]
    pg = ThrowawayPostgres().init()
    try:
        with BoardServer() as server:
            board.serve(server)
            server.route(board.main, Reply(200, board.routes[board.main], delay=6))  # in flight long enough
            slow = board.entry(server, mode="live", fetch={"timeout_s": 60, "max_retries": 0})
            ws = make_workspace(tmp_path / "ws", providers=["northwind"], entries=[slow])
            home = tmp_path / "home"
            home.mkdir()
            shutil.copy(REPO_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
            env = jobintel_env(
                ws,
                home,
                JOBINTEL_CONTACT=CONTACT,
                DAGSTER_PG_HOST="127.0.0.1",
                DAGSTER_PG_PORT=str(pg.port),
                DAGSTER_PG_USER="postgres",
                DAGSTER_PG_PASSWORD="",
                DAGSTER_PG_DB="jobintel",
                DAGSTER_COMPUTE_LOG_BUCKET="logs",
            )
            for name in (
                "DAGSTER_PG_HOST",
                "DAGSTER_PG_PORT",
                "DAGSTER_PG_USER",
                "DAGSTER_PG_PASSWORD",
                "DAGSTER_PG_DB",
                "DAGSTER_COMPUTE_LOG_BUCKET",
            ):
                monkeypatch.setenv(name, env[name])  # this process reads the same instance afterwards
            command = [BIN / "jobintel", "run", "--date", "2026-11-20", "--provider", slow["key"]]
            process = subprocess.Popen(
                command, cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
            deadline = time.monotonic() + 120
            while not any(path == board.main for path, _ in server.log):
                assert time.monotonic() < deadline and process.poll() is None, process.communicate()
                time.sleep(0.2)
            pg.stop()
            stdout, stderr = process.communicate(timeout=240)
            assert process.returncode == ExitCode.UNREACHABLE, stdout + stderr
            [line] = stderr.strip().splitlines()  # one line, no reconnection warnings, no traceback
            assert line.startswith(
                f"2026-11-20: the Dagster instance database (PostgreSQL at 127.0.0.1:{pg.port} "
                "(database 'jobintel')) failed during the run: OperationalError: "
            )
            assert line.endswith("rerun `jobintel run --date 2026-11-20` when it is back.")
            pg.start()
            storage = Path(ws.settings.storage_url.removeprefix("file://"))
            assert not list(storage.rglob("*.tmp*")) and not list((storage / "jobs").rglob("*.parquet"))
            partition = f"2026-11-20|{slow['key']}"
            with DagsterInstance.from_config(str(home)) as instance:
                for asset in ("raw_postings", "jobs"):
                    assert not instance.fetch_materializations(
                        AssetRecordsFilter(asset_key=AssetKey(asset), asset_partitions=[partition]), limit=1
                    ).records, asset
            rerun = subprocess.run(
                command, cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=240
            )
            assert rerun.returncode == 0, rerun.stdout + rerun.stderr
        # The rerun equals a clean run: the same payload bytes and the same rows a direct parse gives.
        payload = Payload({"board.json": board.routes[board.main]})
        provider = ProviderConfig.model_validate(
            {k: v for k, v in slow.items() if k in ProviderConfig.model_fields}
        )
        expected = sorted(
            p.content_hash for p in family_for("greenhouse").parse(payload, provider, NOW).postings
        )
        with DagsterInstance.from_config(str(home)) as instance:
            [raw] = instance.fetch_materializations(
                AssetRecordsFilter(asset_key=AssetKey("raw_postings"), asset_partitions=[partition]), limit=1
            ).records
        assert raw.asset_materialization.metadata["content_hash"].value == payload.digest()
        jobs = pd.read_parquet(storage / "jobs" / "2026-11-20" / f"{slow['key']}.parquet")
        assert sorted(jobs["content_hash"]) == expected
    finally:
        pg.destroy()
