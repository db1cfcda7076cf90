"""The run queue's politeness limits hold for every run that fetches a board, whoever launched it.

The limits are Dagster's public ``concurrency: runs:`` configuration in both instance configs. The
provider limit keys on ``dagster/partition/provider``, which Dagster sets itself; the host limit on
``jobintel/host``, which ``JobIntelRunCoordinator`` adds when a run is submitted. The end-to-end UI
backfill test checks the tags on real ``__ASSET_JOB`` runs launched through the webserver.
"""

import os
import warnings
from datetime import date, datetime

import pytest
import yaml
from dagster import (
    AssetKey,
    DagsterInstance,
    DagsterRun,
    DagsterRunStatus,
    JobDefinition,
    RunRequest,
    SubmitRunContext,
    build_schedule_context,
    instance_for_test,
)
from dagster._core.remote_origin import InProcessCodeLocationOrigin, RemoteJobOrigin, RemoteRepositoryOrigin
from dagster._core.types.loadable_target_origin import LoadableTargetOrigin

from jobintel_dagster.runs.coordinator import HOST_TAG, PROVIDER_TAG, JobIntelRunCoordinator, host_tag
from jobintel_dagster.runs.day import run_day
from jobintel_dagster.runs.instance import ROOT_CONFIG
from tests.conftest import REPO_ROOT, make_workspace
from tests.support.sensor_ticks import SensorTicks

CONFIGS = (ROOT_CONFIG, REPO_ROOT / "deploy" / "dagster.yaml")
LIMITS = [
    {"key": "dagster/partition/provider", "value": {"applyLimitPerUniqueValue": True}, "limit": 1},
    {"key": "jobintel/host", "value": {"applyLimitPerUniqueValue": True}, "limit": 1},
    {"key": "jobintel/rollup", "limit": 1},
]
PROVIDERS = ["northwind", "helio-labs", "lumen-ai"]  # the first two share boards-api.greenhouse.io


def test_every_instance_config_sets_the_same_limits():
    for path in CONFIGS:
        config = yaml.safe_load(path.read_text())
        assert config["concurrency"]["runs"]["tag_concurrency_limits"] == LIMITS, path
        # The coordinator only tags: no limits of its own that could differ from the block above.
        assert config["run_coordinator"] == {
            "module": "jobintel_dagster.runs.coordinator",
            "class": "JobIntelRunCoordinator",
        }, path
    # The Helm chart writes its instance config from values: same coordinator, same limits.
    values = yaml.safe_load((REPO_ROOT / "helm" / "jobintel" / "values.yaml").read_text())
    custom = values["dagster"]["dagsterDaemon"]["runCoordinator"]["config"]["customRunCoordinator"]
    assert (custom["module"], custom["class"]) == (
        "jobintel_dagster.runs.coordinator",
        "JobIntelRunCoordinator",
    )
    assert custom["config"]["tag_concurrency_limits"] == LIMITS


def submitted(instance: DagsterInstance, job: JobDefinition, partition_key: str, **request) -> DagsterRun:
    """A run of ``partition_key`` tagged the way Dagster tags one for a schedule, a sensor, the UI or
    a backfill (the partition's tags), then submitted to the instance's coordinator as the
    webserver or daemon would."""
    resolved = RunRequest(partition_key=partition_key, **request).with_resolved_tags_and_config(
        target_definition=job, dynamic_partitions_requests=[], dynamic_partitions_store=None
    )
    origin = RemoteJobOrigin(  # what a run launched from a code location records
        RemoteRepositoryOrigin(
            InProcessCodeLocationOrigin(LoadableTargetOrigin(module_name="jobintel_dagster.definitions")),
            "__repository__",
        ),
        job.name,
    )
    run = instance.create_run_for_job(
        job,
        tags=resolved.tags,
        status=DagsterRunStatus.NOT_STARTED,
        remote_job_origin=origin,
        asset_selection=set(resolved.asset_selection) if resolved.asset_selection else None,
    )
    return instance.run_coordinator.submit_run(SubmitRunContext(run, workspace=None))


@pytest.fixture
def root_instance(tmp_path):
    """An instance loaded from the root dagster.yaml, the way ``make run`` / ``make ui`` load it."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").symlink_to(ROOT_CONFIG)
    with DagsterInstance.from_config(str(home)) as instance:
        yield instance


def test_the_private_base_class_is_where_the_coordinator_was_written_against():
    """Fails loudly when Dagster moves or renames the class we subclass, or the hook we override:
    then read its new ``submit_run`` before changing the import (docs/dependencies.md)."""
    from dagster._core.run_coordinator.queued_run_coordinator import QueuedRunCoordinator

    assert JobIntelRunCoordinator.__mro__[1] is QueuedRunCoordinator
    assert "submit_run" in QueuedRunCoordinator.__dict__
    assert SubmitRunContext._fields[0] == "dagster_run"


def test_a_submitted_board_run_is_queued_with_its_host(tmp_path, monkeypatch, root_instance):
    ws = make_workspace(tmp_path / "ws", providers=PROVIDERS)
    monkeypatch.setenv("JOBINTEL_PROVIDERS", str(ws.registry_path))
    assert isinstance(root_instance.run_coordinator, JobIntelRunCoordinator)
    queue = root_instance.get_concurrency_config().run_queue_config
    assert (queue.max_concurrent_runs, queue.tag_concurrency_limits) == (2, LIMITS)

    job = ws.definitions().resolve_job_def("daily_ingest")
    queued = submitted(root_instance, job, "2026-11-20|northwind")
    assert queued.status == DagsterRunStatus.QUEUED
    assert queued.tags[PROVIDER_TAG] == "northwind"
    assert queued.tags[HOST_TAG] == "boards-api.greenhouse.io"


def test_the_queue_runs_one_run_per_provider_and_per_host(tmp_path, monkeypatch, root_instance):
    """What the daemon decides, with the daemon's own counter, over ``__ASSET_JOB`` runs (what the
    UI's Materialize dialog and asset backfills launch) as the coordinator queued them."""
    from dagster._utils.tags import TagConcurrencyLimitsCounter

    ws = make_workspace(tmp_path / "ws", providers=PROVIDERS)
    monkeypatch.setenv("JOBINTEL_PROVIDERS", str(ws.registry_path))
    raw = AssetKey("raw_postings")
    asset_job = ws.definitions().resolve_implicit_job_def_def_for_assets([raw])  # UI, asset backfills
    assert asset_job.name == "__ASSET_JOB"

    def board_run(key: str) -> DagsterRun:
        return submitted(root_instance, asset_job, key, asset_selection=[raw])

    running = board_run("2026-11-20|northwind")
    counter = TagConcurrencyLimitsCounter(LIMITS, [running])
    assert counter.is_blocked(board_run("2026-11-21|northwind"))  # the same board, another day
    assert counter.is_blocked(board_run("2026-11-20|helio-labs"))  # another board on its host
    assert not counter.is_blocked(board_run("2026-11-20|lumen-ai"))  # another host


def test_a_board_run_gets_its_host_and_a_date_run_none(tmp_path, monkeypatch):
    ws = make_workspace(tmp_path, providers=["northwind", "lumen-ai"])
    monkeypatch.setenv("JOBINTEL_PROVIDERS", str(ws.registry_path))
    assert host_tag({PROVIDER_TAG: "northwind"}) == {HOST_TAG: "boards-api.greenhouse.io"}
    assert host_tag({PROVIDER_TAG: "lumen-ai"}) == {HOST_TAG: "api.ashbyhq.com"}
    assert host_tag({PROVIDER_TAG: "gone-from-the-registry"}) == {}
    assert host_tag({"dagster/partition": "2026-11-20"}) == {}
    # A registry edited while the daemon runs is read again (its modification time changed).
    registry = yaml.safe_load(ws.registry_path.read_text())
    [northwind] = [entry for entry in registry["providers"] if entry["key"] == "northwind"]
    northwind["base_url"] = "https://boards-api.eu.example"
    ws.registry_path.write_text(yaml.safe_dump(registry))
    os.utime(ws.registry_path, (1, 1))
    assert host_tag({PROVIDER_TAG: "northwind"}) == {HOST_TAG: "boards-api.eu.example"}


def test_every_tag_key_we_set_is_one_dagster_accepts(tmp_path, bundled_registry):
    """Dagster 1.13 warns "Non-compliant tag keys like ['dagster/partition/date', …] are deprecated"
    for every run of a multi-partitioned target: those keys are Dagster's own, added by
    ``RunRequest.with_resolved_tags_and_config`` and by asset backfills, and its key pattern allows a
    nested namespace only for ``dagster/kind/``. pyproject's filter hides exactly that message; this
    test is what keeps the filter honest: every other key on our runs must be compliant."""
    from dagster._utils.tags import is_valid_tag_key  # the rule Dagster's warning applies

    ws = make_workspace(tmp_path, providers=["northwind", "lumen-ai"])
    defs = ws.definitions()
    with instance_for_test() as instance:
        # Under the suite's warning filters (pytest turns every DeprecationWarning on, then applies
        # pyproject's): the schedule's runs raise none about tag keys, a key of ours still would.
        with warnings.catch_warnings(record=True) as caught:
            with build_schedule_context(
                instance=instance,
                scheduled_execution_time=datetime(2026, 11, 18, 6),
                repository_def=defs.get_repository_def(),
            ) as context:
                schedule = defs.resolve_schedule_def("daily_ingest_schedule")
                scheduled = schedule.evaluate_tick(context).run_requests
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
        keys |= {key for run in instance.get_runs() for key in run.tags}
    keys |= {HOST_TAG}
    dimensions = {f"dagster/partition/{name}" for name in ("date", "provider")}
    assert {"jobintel/trigger", "jobintel/rollup", "dagster/partition", PROVIDER_TAG} <= keys
    assert {key for key in keys if not is_valid_tag_key(key)} == dimensions
