"""The rollup sensor, evaluated tick after tick against real instances and runs."""

from datetime import date

import pytest
from dagster import AssetKey, instance_for_test

from jobintel_dagster.ingestion.automation import INGEST_ASSETS
from jobintel_dagster.partitions import date_provider_key
from jobintel_dagster.runs.day import run_day
from tests.conftest import make_workspace
from tests.support.sensor_ticks import SensorTicks

PROVIDERS = ["northwind", "lumen-ai"]


@pytest.fixture
def instance():
    with instance_for_test() as test_instance:
        yield test_instance


def test_rollup_sensor_waits_for_every_provider_then_requests_one_rollup(tmp_path, instance):
    ws = make_workspace(tmp_path, providers=PROVIDERS)
    defs = ws.definitions()
    ticks = SensorTicks(defs, instance, "rollup_when_ingested")
    assert ticks.sensor.job_name == "daily_rollup"

    run_day(
        defs, instance, date(2026, 11, 18), providers=["northwind"], log_level="ERROR", with_history=False
    )
    assert ticks.tick() == []  # lumen-ai has not run yet
    ws.snapshot_path("lumen-ai", "2026-11-18").write_text("{broken")  # a failed board still counts as done
    run_day(defs, instance, date(2026, 11, 18), providers=["lumen-ai"], log_level="ERROR", with_history=False)
    [request] = ticks.tick()
    assert request.partition_key == "2026-11-18" and request.job_name is None  # None: the sensor's own job
    assert ticks.tick() == []  # nothing new since: no second request
    run_day(
        defs, instance, date(2026, 11, 18), providers=["northwind"], log_level="ERROR", with_history=False
    )
    [again] = ticks.tick()  # a re-ingested board: a new generation, one new rollup
    assert again.partition_key == "2026-11-18" and again.run_key != request.run_key


def test_a_ui_backfill_style_ingest_gets_exactly_one_rollup_and_a_rolled_up_day_none(tmp_path, instance):
    ws = make_workspace(tmp_path, providers=PROVIDERS)
    defs = ws.definitions()
    ticks = SensorTicks(defs, instance, "rollup_when_ingested")
    asset_job = defs.resolve_implicit_global_asset_job_def()
    assert asset_job.name == "__ASSET_JOB"  # what the UI's Materialize and asset backfills launch
    for provider in PROVIDERS:
        result = asset_job.execute_in_process(
            partition_key=date_provider_key("2026-11-17", provider),
            instance=instance,
            asset_selection=[AssetKey(a) for a in INGEST_ASSETS],
        )
        assert result.success
    assert [r.partition_key for r in ticks.tick()] == ["2026-11-17"]
    assert ticks.tick() == []
    # A day `jobintel run` already rolled up asks for nothing, even of a sensor that never ticked
    # (a daemon starting after `make run`); the 17th, ingested but never rolled up, is still asked for.
    assert run_day(defs, instance, date(2026, 11, 18), log_level="ERROR").ok
    assert ticks.tick() == []
    assert [r.partition_key for r in SensorTicks(defs, instance, "rollup_when_ingested").tick()] == [
        "2026-11-17"
    ]
