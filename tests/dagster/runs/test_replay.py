"""``jobintel replay`` against an instance and storage populated by real runs."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from dagster import DagsterInstance

from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_dagster.cli.exit_codes import ExitCode
from jobintel_dagster.runs.day import run_day
from tests.conftest import REPO_ROOT, make_workspace


def test_replay_reports_equal_hashes_then_the_tampered_rows(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    ws = make_workspace(tmp_path / "ws", providers=["northwind", "tidal-energy"])
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with DagsterInstance.get() as instance:
        for day in (date(2026, 11, 17), date(2026, 11, 18)):
            assert run_day(ws.definitions(), instance, day, log_level="ERROR").ok
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "JOBINTEL_PROVIDERS": str(ws.registry_path),
        "JOBINTEL_SNAPSHOT_DIR": str(ws.settings.snapshot_dir),
        "JOBINTEL_STORAGE_URL": ws.settings.storage_url,
    }

    def replay():
        return subprocess.run(
            [Path(sys.executable).parent / "jobintel", "replay", "--date", "2026-11-17"],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )

    clean = replay()
    assert clean.returncode == 0, clean.stdout + clean.stderr[-2000:]
    assert "13/13 asset partitions reproduce their recorded content hash." in clean.stdout
    assert "DIFFERENT" not in clean.stdout

    raw = Path(ws.settings.storage_url) / "raw_postings" / "2026-11-17" / "tidal-energy.tar.gz"
    payload = json.loads(Payload.from_archive(raw.read_bytes()).parts["board.json"])
    payload["jobs"][0]["title"] = "Chief Vibes Officer"
    raw.write_bytes(Payload.single("board.json", json.dumps(payload).encode()).to_archive())
    tampered = replay()
    assert tampered.returncode == ExitCode.NOT_REPRODUCED
    lines = {
        line.split()[0] + " " + line.split()[1]: line
        for line in tampered.stdout.splitlines()
        if line.startswith("  ")
    }
    assert "equal" in lines["jobs [2026-11-17|northwind]"]
    assert (
        "DIFFERENT" in lines["jobs [2026-11-17|tidal-energy]"]
        and "1 changed:" in lines["jobs [2026-11-17|tidal-energy]"]
    )
    assert "DIFFERENT" in lines["job_history [2026-11-17]"]
