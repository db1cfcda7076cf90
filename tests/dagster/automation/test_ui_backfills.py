"""Backfills the way the Dagster UI launches them: the GraphQL mutation the Materialize dialog sends,
answered by the webserver's own app over ``workspace.yaml`` (the ``make ui`` workspace) on a real
instance with the ``make ui`` instance config; the backfill daemon and the run queue are stepped in
this process instead of ticking every 30 s (``tests/support/dagster_in_process.py``).

First the ingest assets for 3 dates × every provider, then — once it completed, as an operator
would — the five rollup assets for the same dates. Both must complete; history dates must run in
order; every partition's content hash must equal a ``jobintel run --from … --date …`` of the same
dates.
"""

import shutil
from datetime import date, timedelta
from pathlib import Path

from dagster import AssetKey, AssetRecordsFilter, DagsterInstance, RunsFilter

from jobintel_dagster.ingestion.automation import INGEST_ASSETS
from jobintel_dagster.runs.coordinator import HOST_TAG, PROVIDER_TAG
from jobintel_dagster.runs.day import run_day
from jobintel_dagster.warehouse.automation import ROLLUP_ASSETS
from tests.conftest import REPO_ROOT, make_workspace
from tests.support.dagster_in_process import InProcessUi

PROVIDERS = ["lumen-ai", "northwind"]
DATES = ["2026-11-17", "2026-11-18", "2026-11-19"]


def reference_hashes(tmp_path: Path) -> dict[tuple[str, str], str]:
    """Content hashes of `jobintel run --from 2026-11-17 --date 2026-11-19` on its own storage."""
    ws = make_workspace(tmp_path / "reference", providers=PROVIDERS)
    defs, instance = ws.definitions(), DagsterInstance.ephemeral()
    for day in (date.fromisoformat(DATES[0]) + timedelta(days=n) for n in range(len(DATES))):
        assert run_day(defs, instance, day, log_level="ERROR").ok
    return latest_hashes(instance)


def latest_hashes(instance: DagsterInstance) -> dict[tuple[str, str], str]:
    hashes = {}
    for asset in (*INGEST_ASSETS, *ROLLUP_ASSETS):
        for record in instance.fetch_materializations(AssetKey(asset), limit=1000, ascending=True).records:
            materialization = record.asset_materialization
            hashes[(asset, str(materialization.partition))] = materialization.metadata["content_hash"].value
    return hashes


def test_ingest_then_rollup_backfills_launch_from_the_ui_and_run_dates_in_order(tmp_path, monkeypatch):
    ws = make_workspace(tmp_path / "ws", providers=PROVIDERS)
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "dagster.yaml", home / "dagster.yaml")  # the `make ui` instance config
    for name, value in {
        "DAGSTER_HOME": str(home),
        "JOBINTEL_PROVIDERS": str(ws.registry_path),
        "JOBINTEL_SNAPSHOT_DIR": str(ws.settings.snapshot_dir),
        "JOBINTEL_STORAGE_URL": ws.settings.storage_url,
        "JOBINTEL_WAREHOUSE_URL": ws.settings.warehouse_url,
    }.items():
        monkeypatch.setenv(name, value)  # read by the code servers the workspace starts
    with DagsterInstance.get() as instance:
        with InProcessUi(instance, REPO_ROOT / "workspace.yaml") as ui:
            ingest = ui.backfill(INGEST_ASSETS, [f"{d}|{p}" for d in DATES for p in PROVIDERS])
            assert ui.drive(ingest) in ("COMPLETED", "COMPLETED_SUCCESS")
            rollup = ui.backfill(ROLLUP_ASSETS, DATES)  # the selection that answered HTTP 500 before
            assert ui.drive(rollup) in ("COMPLETED", "COMPLETED_SUCCESS")
        backfill_runs = {r.run_id for r in instance.get_runs(RunsFilter(tags={"dagster/backfill": rollup}))}
        board_runs = instance.get_runs(RunsFilter(tags={"dagster/backfill": ingest}))
        politeness = sorted((r.tags.get(PROVIDER_TAG), r.tags.get(HOST_TAG)) for r in board_runs)
        history = instance.fetch_materializations(AssetKey("job_history"), limit=100, ascending=True).records
        order = [str(r.asset_materialization.partition) for r in history if r.run_id in backfill_runs]
        got = latest_hashes(instance)
        ingested = instance.fetch_materializations(
            AssetRecordsFilter(asset_key=AssetKey("jobs")), limit=100
        ).records
    assert order == DATES  # the rollup backfill folded the dates in order, each once
    # Every board run of the UI backfill carries the tags of the queue's per-provider / per-host limits.
    assert politeness == sorted(
        [("lumen-ai", "api.ashbyhq.com"), ("northwind", "boards-api.greenhouse.io")] * 3
    )
    assert len(ingested) == len(DATES) * len(PROVIDERS)
    assert got == reference_hashes(tmp_path)
