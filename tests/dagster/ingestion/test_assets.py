"""Materializing ``raw_postings`` and ``jobs`` with the real resources over a test's own files."""

import json
import tarfile
from pathlib import Path

import pandas as pd
from dagster import DagsterInstance, materialize

from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.normalization.jobs_table import JOB_COLUMNS
from jobintel_dagster.partitions import date_provider_key
from jobintel_dagster.runs.day import run_day
from jobintel_dagster.runs.execute import materialized_metadata
from tests.conftest import make_workspace

DAY = "2026-11-20"
INGESTION = ["raw_postings", "jobs"]


def materialize_partition(ws, provider, *, instance=None, selection=INGESTION, raise_on_error=True):
    defs = ws.definitions()
    return materialize(
        assets=list(defs.assets),
        resources=dict(defs.resources),
        partition_key=f"{DAY}|{provider}",
        instance=instance,
        selection=selection,
        raise_on_error=raise_on_error,
    )


def metadata(result, asset):
    return materialized_metadata(result)[asset]


def test_partition_lands_at_documented_paths_with_metadata(workspace):
    result = materialize_partition(workspace, "northwind")
    storage = Path(workspace.settings.storage_url)

    raw_file = storage / "raw_postings" / DAY / "northwind.tar.gz"
    snapshot = workspace.snapshot_path("northwind", DAY).read_bytes()
    with tarfile.open(raw_file) as archive:  # a plain tar.gz a user can unpack
        assert archive.getnames() == ["board.json"]
        assert archive.extractfile("board.json").read() == snapshot  # exactly as received
    fetch = json.loads((storage / "raw_postings" / DAY / "northwind.tar.gz.fetch.json").read_text())
    assert fetch["mode"] == "snapshot" and fetch["snapshot_date"] == DAY
    assert fetch["live_attempted"] is False and fetch["live_result"] == "skipped" and fetch["fresh"] is True

    frame = pd.read_parquet(storage / "jobs" / DAY / "northwind.parquet")
    assert list(frame.columns) == JOB_COLUMNS and len(frame) == 29
    assert set(frame.provider) == {"northwind"} and frame.job_id.is_unique

    meta = metadata(result, "jobs")
    assert meta["dagster/row_count"] == 29 and meta["provider"] == "northwind"
    assert meta["scrape_mode"] == "snapshot" and meta["storage_uri"] == str(
        storage / "jobs" / DAY / "northwind.parquet"
    )
    assert meta["stored_bytes"] == (storage / "jobs" / DAY / "northwind.parquet").stat().st_size
    assert len(meta["content_hash"]) == 64
    raw_meta = metadata(result, "raw_postings")
    assert raw_meta["payload_sha256"] == raw_meta["content_hash"] == meta["input_payload_sha256"]
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks == {
        "schema_matches": True,
        "unique_job_id": True,
        "titles_and_urls_present": True,
        "no_rejected_postings": True,
        "reproducible": True,
    }


def test_rematerializing_gives_the_same_output_hash(workspace):
    first = metadata(materialize_partition(workspace, "quanta-robotics"), "jobs")
    parquet = Path(workspace.settings.storage_url) / "jobs" / DAY / "quanta-robotics.parquet"
    first_bytes = parquet.read_bytes()
    second = metadata(materialize_partition(workspace, "quanta-robotics"), "jobs")
    assert first["content_hash"] == second["content_hash"]
    assert parquet.read_bytes() == first_bytes


def test_content_hash_changes_when_the_payload_changes(workspace):
    before = metadata(materialize_partition(workspace, "lumen-ai"), "jobs")["content_hash"]
    path = workspace.snapshot_path("lumen-ai", DAY)
    document = json.loads(path.read_text())
    document["jobs"][0]["title"] = "Renamed role"
    path.write_text(json.dumps(document))
    after = metadata(materialize_partition(workspace, "lumen-ai"), "jobs")["content_hash"]
    assert before != after


def test_malformed_payload_fails_only_its_own_partition(tmp_path):
    ws = make_workspace(tmp_path, providers=["northwind", "quanta-robotics", "lumen-ai"])
    broken = ws.snapshot_path("quanta-robotics", DAY)
    broken.write_bytes(broken.read_bytes()[:5000])  # a JSON body cut off mid-way
    instance = DagsterInstance.ephemeral()

    outcome = run_day(ws.definitions(), instance, pd.Timestamp(DAY).date())
    outcomes = {o.provider: o for o in outcome.providers}

    assert outcomes["northwind"].ok and outcomes["lumen-ai"].ok
    failed = outcomes["quanta-robotics"]
    assert not failed.ok
    assert "provider 'quanta-robotics' (lever)" in failed.error and "not valid JSON" in failed.error
    storage = Path(ws.settings.storage_url)
    # The raw payload was stored before parsing, byte for byte; the other boards' tables exist.
    stored = Payload.from_archive((storage / "raw_postings" / DAY / "quanta-robotics.tar.gz").read_bytes())
    assert stored.parts == {"board.json": broken.read_bytes()}
    assert not (storage / "jobs" / DAY / "quanta-robotics.parquet").exists()
    assert (storage / "jobs" / DAY / "northwind.parquet").exists()
    assert (storage / "jobs" / DAY / "lumen-ai.parquet").exists()


def test_missing_upstream_partition_is_a_clear_error(workspace):
    result = materialize_partition(workspace, "northwind", selection=["jobs"], raise_on_error=False)
    assert not result.success
    [failure] = [e for e in result.all_events if e.is_step_failure]
    message = failure.step_failure_data.error.to_string()
    assert "'raw_postings'" in message and "has not been materialized" in message
    assert f"{DAY}|northwind" in message


def test_missing_snapshot_fails_naming_provider_and_date(workspace):
    defs = workspace.definitions()
    result = materialize(
        list(defs.assets),
        resources=dict(defs.resources),
        partition_key="2026-11-02|helio-labs",
        selection=INGESTION,
        raise_on_error=False,
    )
    [failure] = [e for e in result.all_events if e.is_step_failure]
    assert (
        "provider 'helio-labs': no snapshot on or before 2026-11-02"
        in failure.step_failure_data.user_failure_data.description
    )


def test_partition_keys_are_date_by_provider(workspace, bundled_registry):
    job = workspace.definitions().resolve_job_def("daily_ingest")
    providers = job.partitions_def.get_partitions_def_for_dimension("provider").get_partition_keys()
    assert providers == bundled_registry.enabled_keys()
    assert date_provider_key(DAY, "northwind") in job.partitions_def.get_partition_keys()


def test_reproducible_check_flags_nondeterminism_not_real_changes(workspace, monkeypatch):
    instance = DagsterInstance.ephemeral()

    def reproducible(result):
        [check] = [e for e in result.get_asset_check_evaluations() if e.check_name == "reproducible"]
        return check.passed

    assert reproducible(materialize_partition(workspace, "northwind", instance=instance))
    assert reproducible(materialize_partition(workspace, "northwind", instance=instance))

    # Same code version, same payload, different output: a clock sneaking into the rows.
    import jobintel_dagster.ingestion.assets as ingestion_assets

    real = ingestion_assets.jobs_frame
    monkeypatch.setattr(
        ingestion_assets,
        "jobs_frame",
        lambda postings: real(postings).assign(title=lambda f: f.title + str(id(f))),
    )
    assert not reproducible(materialize_partition(workspace, "northwind", instance=instance))
    monkeypatch.undo()

    # A changed payload is a legitimate change: the check passes.
    path = workspace.snapshot_path("northwind", DAY)
    path.write_text(path.read_text().replace("Security Engineer", "Security Engineer II"))
    assert reproducible(materialize_partition(workspace, "northwind", instance=instance))
