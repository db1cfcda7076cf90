"""The schedule and the sensors, evaluated against real instances and runs."""

import warnings
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import yaml
from dagster import (
    AssetKey,
    DagsterInstance,
    RunRequest,
    build_schedule_context,
    build_sensor_context,
    instance_for_test,
)

from jobintel_dagster.automation.jobs import INGEST_ASSETS
from jobintel_dagster.partitions import date_provider_key
from jobintel_dagster.runs.coordinator import politeness_tags
from jobintel_dagster.runs.day import run_day
from tests.conftest import make_workspace

PROVIDERS = ["northwind", "lumen-ai"]


@pytest.fixture
def instance():
    with instance_for_test() as test_instance:
        yield test_instance


def test_daily_schedule_requests_one_run_per_provider_for_the_ticks_date(
    tmp_path, instance, bundled_registry
):
    ws = make_workspace(tmp_path, schedule_cron="30 5 * * *", timezone="Europe/Berlin")
    defs = ws.definitions()
    schedule = defs.resolve_schedule_def("daily_ingest_schedule")
    assert schedule.cron_schedule == "30 5 * * *" and schedule.execution_timezone == "Europe/Berlin"
    tick = datetime(2026, 11, 21, 5, 30, tzinfo=ZoneInfo("Europe/Berlin"))
    with build_schedule_context(
        instance=instance, scheduled_execution_time=tick, repository_def=defs.get_repository_def()
    ) as context:
        requests = schedule.evaluate_tick(context).run_requests
    assert sorted(str(r.partition_key) for r in requests) == [
        f"2026-11-21|{p}" for p in bundled_registry.keys()
    ]
    assert len({r.run_key for r in requests}) == len(requests)


def test_every_tag_key_we_set_is_one_dagster_accepts(tmp_path, instance, bundled_registry):
    """Dagster 1.13 warns "Non-compliant tag keys like ['dagster/partition/date', …] are deprecated"
    for every run of a multi-partitioned target: those keys are Dagster's own, added by
    ``RunRequest.with_resolved_tags_and_config`` and by asset backfills, and its key pattern allows a
    nested namespace only for ``dagster/kind/``. pyproject's filter hides exactly that message; this
    test is what keeps the filter honest: every other key on our runs must be compliant."""
    from dagster._utils.tags import is_valid_tag_key  # the rule Dagster's warning applies

    ws = make_workspace(tmp_path, providers=PROVIDERS)
    defs = ws.definitions()
    # Under the suite's warning filters (pytest turns every DeprecationWarning on, then applies
    # pyproject's): the schedule's runs raise none about tag keys, a key of ours still would.
    with warnings.catch_warnings(record=True) as caught:
        with build_schedule_context(
            instance=instance,
            scheduled_execution_time=datetime(2026, 11, 18, 6),
            repository_def=defs.get_repository_def(),
        ) as context:
            scheduled = defs.resolve_schedule_def("daily_ingest_schedule").evaluate_tick(context).run_requests
        assert not [w for w in caught if "tag keys" in str(w.message)]
        RunRequest(tags={"jobintel/not/compliant": "x", "dagster/partition/date": "2026-11-18"})
        assert [w for w in caught if "'jobintel/not/compliant'" in str(w.message)]
    run_day(defs, instance, date(2026, 11, 18), log_level="ERROR", with_history=False)
    keys = {
        key
        for request in [*scheduled, *SensorTicks(defs, instance, "rollup_when_ingested").tick()]
        for key in request.tags
    }
    keys |= {key for job in defs.resolve_all_job_defs() for key in job.tags}
    keys |= set(politeness_tags({"dagster/partition": "2026-11-18|northwind"}))
    keys |= {key for run in instance.get_runs() for key in run.tags}
    dimensions = {f"dagster/partition/{name}" for name in ("date", "provider")}
    assert {"jobintel/trigger", "jobintel/provider", "dagster/partition"} <= keys
    assert {key for key in keys if not is_valid_tag_key(key)} == dimensions


class SensorTicks:
    """Evaluates a sensor tick after tick, carrying its cursor like the daemon does."""

    def __init__(self, defs, instance, name: str) -> None:
        self.defs, self.instance, self.cursor = defs, instance, None
        self.sensor = defs.resolve_sensor_def(name)

    def tick(self):
        with build_sensor_context(
            instance=self.instance, definitions=self.defs, cursor=self.cursor
        ) as context:
            result = self.sensor.evaluate_tick(context)
        self.cursor = result.cursor
        return result.run_requests


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


def test_rescore_sensor_fires_on_profile_or_user_state_change(tmp_path, instance):
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "kim.yaml").write_text(yaml.safe_dump({"titles": ["Data Engineer"]}))
    ws = make_workspace(tmp_path / "ws", providers=["northwind"], profiles_dir=profiles)
    defs = ws.definitions()
    assert run_day(defs, DagsterInstance.ephemeral(), date(2026, 11, 18), log_level="ERROR").ok
    sensor = defs.resolve_sensor_def("rescore_on_profile_or_state_change")

    def evaluate(cursor):
        with build_sensor_context(
            instance=instance, cursor=cursor, definitions=defs, resources=dict(defs.resources)
        ) as context:
            return sensor.evaluate_tick(context)

    first = evaluate(None)
    assert first.run_requests == [] and first.cursor
    assert evaluate(first.cursor).run_requests == []
    (profiles / "kim.yaml").write_text(yaml.safe_dump({"titles": ["Data Engineer"], "excluded": ["Java"]}))
    changed = evaluate(first.cursor)
    [request] = changed.run_requests
    assert request.partition_key == "2026-11-18" and changed.cursor != first.cursor
    assert {k.to_user_string() for k in request.asset_selection} == {"job_scores", "shortlist"}
    store_dir = tmp_path / "ws" / "storage" / "user_state"
    store_dir.mkdir(parents=True)
    (store_dir / "kim.json").write_text('{"profile": "kim", "jobs": {}}')
    assert len(evaluate(changed.cursor).run_requests) == 1  # user state changed too
