"""The rescore sensor, evaluated against a real instance and a stored day."""

from datetime import date

import pytest
import yaml
from dagster import DagsterInstance, build_sensor_context, instance_for_test

from jobintel_dagster.runs.day import run_day
from tests.conftest import make_workspace


@pytest.fixture
def instance():
    with instance_for_test() as test_instance:
        yield test_instance


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
    assert {k.to_user_string() for k in request.asset_selection} == {
        "job_scores",
        "ratings",
        "outcomes",
        "preference_model",
        "shortlist",
        "impressions",
    }
    store_dir = tmp_path / "ws" / "storage" / "user_state"
    store_dir.mkdir(parents=True)
    (store_dir / "kim.json").write_text('{"profile": "kim", "jobs": {}}')
    assert len(evaluate(changed.cursor).run_requests) == 1  # user state changed too
