"""``jobs`` materialized alone: the asset function called with a context from
``build_asset_context(partition_key=…)`` and its input handed in, no job, no instance, no IO manager.

What the pipeline gives the asset (the day and board from the partition key, the stored raw
payload) is all it needs: the same board and day give the same content hash as a whole run, and
a payload the parser cannot read fails that partition, naming the board.
"""

from datetime import date
from pathlib import Path

import pytest
from dagster import AssetCheckResult, DagsterInstance, Failure, Output, build_asset_context

from jobintel_core.ingestion.acquisition.modes import RawPayload, SourceConfig, obtain_payload
from jobintel_dagster.ingestion.assets import build_ingestion_assets
from jobintel_dagster.location import LocationContext
from jobintel_dagster.runs.day import run_day
from tests.conftest import Workspace, make_workspace

DAY, PROVIDER = date(2026, 11, 20), "northwind"
KEY = f"{DAY}|{PROVIDER}"


def stored_payload(ws: Workspace, context: LocationContext) -> RawPayload:
    """What ``raw_postings`` stores for the partition: the board's snapshot of the day."""
    source = SourceConfig(
        mode="snapshot",
        snapshot_dir=Path(ws.settings.snapshot_dir),
        store=context.storage.get_store(),
        contact="",
        run_id="alone",
    )
    return obtain_payload(ws.registry().get(PROVIDER), DAY, source)


@pytest.fixture
def ws(tmp_path) -> Workspace:
    return make_workspace(tmp_path, providers=[PROVIDER])


def test_jobs_alone_passes_its_checks_and_hashes_as_in_a_whole_run(ws):
    context = LocationContext.build(ws.settings, ws.registry())
    _, jobs = build_ingestion_assets(context)
    with build_asset_context(partition_key=KEY) as asset_context:
        events = list(jobs(asset_context, raw_postings=stored_payload(ws, context)))
    [output] = [e for e in events if isinstance(e, Output)]
    checks = {e.check_name: e.passed for e in events if isinstance(e, AssetCheckResult)}
    assert checks == dict.fromkeys(
        [
            "schema_matches",
            "unique_job_id",
            "titles_and_urls_present",
            "no_rejected_postings",
            "reproducible",
        ],
        True,
    )
    assert len(output.value) == output.metadata["dagster/row_count"].value > 0

    instance = DagsterInstance.ephemeral()
    outcome = run_day(ws.definitions(), instance, DAY, log_level="ERROR", with_history=False)
    assert [board.ok for board in outcome.providers] == [True]
    [record] = instance.fetch_materializations(jobs.key, limit=1).records
    pipeline_hash = record.asset_materialization.metadata["content_hash"].value
    assert output.metadata["content_hash"].value == pipeline_hash


def test_jobs_alone_fails_its_own_partition_on_an_unreadable_payload(ws):
    ws.snapshot_path(PROVIDER, str(DAY)).write_text("{broken")
    context = LocationContext.build(ws.settings, ws.registry())
    _, jobs = build_ingestion_assets(context)
    broken = stored_payload(ws, context)  # stored as received: only parsing it fails
    with build_asset_context(partition_key=KEY) as asset_context, pytest.raises(Failure) as failure:
        list(jobs(asset_context, raw_postings=broken))
    assert PROVIDER in failure.value.description
