"""``jobintel replay`` against an instance and storage populated by real runs."""

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from dagster import AssetMaterialization, DagsterInstance, instance_for_test

from jobintel_core.base.identity import records_hash
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.storage.tables import jsonable, read_table
from jobintel_dagster.partitions import partition_path
from jobintel_dagster.runs.day import run_day
from jobintel_dagster.runs.replay import replay_date
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
    assert "9/9 asset partitions reproduce their recorded content hash." in clean.stdout
    assert "DIFFERENT" not in clean.stdout

    raw = Path(ws.settings.storage_url) / "raw_postings" / "2026-11-17" / "tidal-energy.tar.gz"
    payload = json.loads(Payload.from_archive(raw.read_bytes()).parts["board.json"])
    payload["jobs"][0]["title"] = "Chief Vibes Officer"
    raw.write_bytes(Payload.single("board.json", json.dumps(payload).encode()).to_archive())
    tampered = replay()
    assert tampered.returncode == 1
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


def test_a_table_recorded_under_the_older_vector_fingerprint_replays_as_equal(tmp_path):
    """Before code version 2 of the matching assets, vectors were fingerprinted as JSON decimals;
    a replay of such a day compares the stored table by today's fingerprint instead of calling the
    unchanged vectors different."""
    ws = make_workspace(tmp_path / "ws", providers=["northwind"])
    defs, day, key = ws.definitions(), date(2026, 11, 17), "2026-11-17|northwind"
    store = LocalObjectStore(ws.settings.storage_url)
    with instance_for_test() as instance:
        assert run_day(defs, instance, day, log_level="ERROR").ok
        stored = read_table(store, "job_embeddings", partition_path(key))
        as_decimals = records_hash(
            [
                {"__columns__": list(stored.columns)},
                *(
                    {col: jsonable(value) for col, value in zip(stored.columns, row, strict=True)}
                    for row in stored.itertuples(index=False, name=None)
                ),
            ]
        )
        instance.report_runless_asset_event(
            AssetMaterialization("job_embeddings", partition=key, metadata={"content_hash": as_decimals})
        )
        lines = {(line.asset, line.partition): line for line in replay_date(defs, instance, store, day)}
    line = lines[("job_embeddings", key)]
    assert line.recorded == as_decimals != line.replayed
    assert line.equal and line.refingerprinted
    assert [other for other in lines.values() if not other.equal] == []
