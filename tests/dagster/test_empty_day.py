"""A day with zero open jobs (a board answering an empty list, the only board failing) flows through
every asset as empty, typed outputs instead of crashing the rollup."""

from datetime import date
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from dagster import DagsterInstance

from jobintel_dagster.runs.day import run_day
from jobintel_dagster.storage.catalog import TABLES
from tests.conftest import make_workspace

DAY = "2026-11-20"
ROLLUP = (
    "job_history",
    "job_changes",
    "job_index",
    "job_scores",
    "shortlist",
    "ratings",
    "outcomes",
    "impressions",
)


@pytest.mark.parametrize(
    "payload", ['{"jobs": []}', "<html>maintenance</html>"], ids=["empty-board", "failed-board"]
)
def test_a_day_without_open_jobs_gives_empty_typed_tables(tmp_path, payload):
    ws = make_workspace(tmp_path, providers=["northwind"])
    ws.snapshot_path("northwind", DAY).write_text(payload)
    outcome = run_day(
        ws.definitions(), DagsterInstance.ephemeral(), date.fromisoformat(DAY), log_level="ERROR"
    )
    assert outcome.history_ok, outcome.history_error
    assert outcome.open_jobs == 0
    storage = Path(ws.settings.storage_url)
    for asset in ROLLUP:
        table = pq.read_table(storage / asset / f"{DAY}.parquet")
        assert table.num_rows == 0, asset
        assert table.schema.remove_metadata() == TABLES[asset].schema, asset
