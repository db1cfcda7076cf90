"""The run queue's politeness limits hold for every run that fetches a board, whoever launched it.

Both instance configs use ``JobIntelRunCoordinator``, which tags a ``date|provider`` run with
``jobintel/provider`` and ``jobintel/host`` when it is submitted; the limits key on those tags.
A run launched from the UI carries only Dagster's partition tags to start with; the end-to-end
UI backfill test (``test_ui_backfills``) checks the same tags on real ``__ASSET_JOB`` runs.
"""

import os

import yaml

from jobintel_dagster.runs.coordinator import HOST_TAG, PROVIDER_TAG, politeness_tags
from tests.conftest import REPO_ROOT, make_workspace

CONFIGS = ("deploy/dagster.yaml", "deploy/local/dagster.yaml")


def test_both_instance_configs_queue_through_the_coordinator_with_the_limits():
    for path in CONFIGS:
        coordinator = yaml.safe_load((REPO_ROOT / path).read_text())["run_coordinator"]
        assert (coordinator["module"], coordinator["class"]) == (
            "jobintel_dagster.runs.coordinator",
            "JobIntelRunCoordinator",
        )
        limits = {item["key"]: item for item in coordinator["config"]["tag_concurrency_limits"]}
        for key in (PROVIDER_TAG, HOST_TAG):
            assert limits[key]["limit"] == 1 and limits[key]["value"] == {"applyLimitPerUniqueValue": True}
        assert limits["jobintel/rollup"] == {"key": "jobintel/rollup", "limit": 1}


def test_a_board_run_gets_its_provider_and_host_and_a_date_run_neither(tmp_path, monkeypatch):
    ws = make_workspace(tmp_path, providers=["northwind", "lumen-ai"])
    monkeypatch.setenv("JOBINTEL_PROVIDERS", str(ws.registry_path))
    assert politeness_tags({"dagster/partition": "2026-11-20|northwind"}) == {
        PROVIDER_TAG: "northwind",
        HOST_TAG: "boards-api.greenhouse.io",
    }
    assert politeness_tags({"dagster/partition": "2026-11-20|lumen-ai"}) == {
        PROVIDER_TAG: "lumen-ai",
        HOST_TAG: "api.ashbyhq.com",
    }
    assert politeness_tags({"dagster/partition": "2026-11-20"}) == {}
    assert politeness_tags({}) == {}
    # A registry edited while the daemon runs is read again (its modification time changed).
    registry = yaml.safe_load(ws.registry_path.read_text())
    [northwind] = [entry for entry in registry["providers"] if entry["key"] == "northwind"]
    northwind["base_url"] = "https://boards-api.eu.example"
    ws.registry_path.write_text(yaml.safe_dump(registry))
    os.utime(ws.registry_path, (1, 1))
    assert politeness_tags({"dagster/partition": "2026-11-20|northwind"})[HOST_TAG] == "boards-api.eu.example"
