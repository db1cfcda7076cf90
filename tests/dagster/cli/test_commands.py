"""The commands a user types, run as subprocesses against a temporary DAGSTER_HOME."""

import os
import subprocess
import sys
from pathlib import Path

from dagster import AssetKey, DagsterInstance, MultiPartitionKey

from jobintel_dagster.cli.exit_codes import ExitCode
from tests.conftest import REPO_ROOT, make_workspace

BIN = Path(sys.executable).parent


def env_for(ws, home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "JOBINTEL_PROVIDERS": str(ws.registry_path),
        "JOBINTEL_SNAPSHOT_DIR": str(ws.settings.snapshot_dir),
        "JOBINTEL_STORAGE_URL": ws.settings.storage_url,
        "JOBINTEL_WAREHOUSE_URL": ws.settings.warehouse_url,
    }


def test_dagster_asset_materialize_one_partition(tmp_path):
    ws = make_workspace(tmp_path / "ws", providers=["northwind", "tidal-energy"])
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    proc = subprocess.run(
        [
            BIN / "dagster",
            "asset",
            "materialize",
            "-m",
            "jobintel_dagster.definitions",
            "--select",
            "raw_postings,jobs",
            "--partition",
            "2026-11-20|tidal-energy",
        ],
        cwd=REPO_ROOT,
        env=env_for(ws, home),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    os.environ["DAGSTER_HOME"], previous = str(home), os.environ.get("DAGSTER_HOME")
    try:
        with DagsterInstance.get() as instance:
            event = instance.get_latest_materialization_event(AssetKey("jobs"))
            assert event.asset_materialization.partition == MultiPartitionKey(
                {"date": "2026-11-20", "provider": "tidal-energy"}
            )
    finally:
        if previous is None:
            del os.environ["DAGSTER_HOME"]
        else:
            os.environ["DAGSTER_HOME"] = previous
    assert (Path(ws.settings.storage_url) / "jobs" / "2026-11-20" / "tidal-energy.parquet").exists()


def test_jobintel_run_prints_counts_and_locations(tmp_path):
    ws = make_workspace(tmp_path / "ws", providers=["northwind", "lumen-ai"])
    home = tmp_path / "home"
    proc = subprocess.run(
        [BIN / "jobintel", "run", "--date", "2026-11-19"],
        cwd=REPO_ROOT,
        env=env_for(ws, home),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert any(line.split()[:3] == ["northwind", "ok", "27"] for line in lines), proc.stdout
    assert any(line.split()[:3] == ["lumen-ai", "ok", "26"] for line in lines), proc.stdout
    assert f"{ws.settings.storage_url}/jobs/2026-11-19/<provider>.parquet" in proc.stdout
    assert str(home) in proc.stdout and (home / "dagster.yaml").exists()  # seeded local config


def test_jobintel_run_exits_3_when_a_provider_fails(tmp_path):
    ws = make_workspace(tmp_path / "ws", providers=["northwind", "lumen-ai"])
    ws.snapshot_path("lumen-ai", "2026-11-20").write_text("<html>Access denied</html>")
    proc = subprocess.run(
        [BIN / "jobintel", "run", "--date", "2026-11-20"],
        cwd=REPO_ROOT,
        env=env_for(ws, tmp_path / "home"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == ExitCode.RUN_FAILED
    assert (
        "lumen-ai failed: provider 'lumen-ai' (ashby): payload part 'board.json' is not valid JSON"
        in proc.stdout
    )
    assert any(line.split()[:3] == ["northwind", "ok", "29"] for line in proc.stdout.splitlines())
