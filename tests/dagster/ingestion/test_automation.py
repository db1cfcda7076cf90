"""The daily schedule, evaluated against a real instance."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from dagster import build_schedule_context, instance_for_test

from tests.conftest import make_workspace


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
        f"2026-11-21|{p}" for p in bundled_registry.enabled_keys()
    ]
    assert len({r.run_key for r in requests}) == len(requests)
