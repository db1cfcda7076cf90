"""The warehouse over the four bundled days: dbt build green on DuckDB and PostgreSQL with equal
marts, facts a person can check against the snapshot plan, and reloads that are exact."""

import io
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
from dagster import AssetCheckKey, AssetKey

from jobintel_core.config.warehouse_location import WarehouseLocation
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.warehouse.engines import open_warehouse
from jobintel_core.warehouse.loading import load_partition
from jobintel_core.warehouse.sources import SOURCES
from jobintel_dagster.code_location import build_definitions, build_warehouse_definitions
from jobintel_dagster.ingestion.automation import DAILY_INGEST_JOB
from jobintel_dagster.partitions import date_provider_key
from jobintel_dagster.runs.execute import execute_job, materialized_metadata
from jobintel_dagster.runs.warehouse import build_warehouse
from jobintel_dagster.warehouse.automation import DAILY_ROLLUP_JOB
from jobintel_dagster.warehouse.keys import LOADER_KEYS
from tests.conftest import DAYS
from tests.support.warehouse import MARTS, table_hash, table_rows

WEEK = "2026-11-16"  # the Monday of the four capture days
LOADERS = [k.to_user_string() for k in LOADER_KEYS]


def duckdb(ws):
    return open_warehouse(ws.settings.warehouse_location, read_only=True)


def test_dbt_build_is_green_and_its_tests_are_asset_checks(bundled_days, built_warehouse):
    ws, _, instance = bundled_days
    assert (
        built_warehouse.models == 18
        and built_warehouse.checks_failed == 0
        and built_warehouse.checks_passed >= 10
    )
    check = AssetCheckKey(
        AssetKey(["warehouse", "skill_trends"]), "unique_combination_skill_trends_week_start__skill"
    )
    assert check in ws.warehouse_definitions().resolve_asset_graph().asset_check_keys
    assert instance.get_latest_materialization_event(AssetKey(["warehouse", "hiring_velocity"])) is not None


def test_postgres_builds_the_same_marts(bundled_days, built_warehouse, postgres_db):
    ws, _, instance = bundled_days
    url = f"postgresql://{postgres_db.user}@{postgres_db.host}:{postgres_db.port}/{postgres_db.db_name}"
    settings = ws.settings.model_copy(update={"warehouse_url": url})
    defs = build_definitions(settings, ws.registry())
    for day in DAYS:  # the loaders alone, from the same stored partitions
        assert execute_job(
            defs, DAILY_ROLLUP_JOB, day.isoformat(), instance, trigger="test", assets=LOADERS
        ).success
    outcome = build_warehouse(
        build_warehouse_definitions(settings, ws.registry()), instance, "ERROR", verbose=False
    )
    assert outcome.ok and outcome.checks_failed == 0, outcome
    pg = open_warehouse(WarehouseLocation.parse(url))
    with duckdb(ws) as local:
        for mart in MARTS:
            a, b = table_rows(local, f"analytics.{mart}"), table_rows(pg, f"analytics.{mart}")
            assert len(a) > 0 and a.equals(b), mart
        for table in SOURCES:
            assert table_hash(local, f"raw.{table}") == table_hash(pg, f"raw.{table}"), table
    pg.close()


def test_facts_a_person_can_check_in_the_snapshot_plan(bundled_days, built_warehouse):
    ws, _, _ = bundled_days
    with duckdb(ws) as wh:
        # scripts/build_snapshots.py: 26 jobs on day 1, 4 new ones (NEW_ON_DAY), job 6 reopened on day 4;
        # job 6 closed on the 19th and job 7 on the 20th; 29 open at the end of the week.
        [velocity] = wh.query(
            "select * from analytics.hiring_velocity where company = 'Northwind Analytics' "
            "and week_start = :week",
            week=WEEK,
        ).to_dict("records")
        assert (velocity["opened"], velocity["closed"], velocity["net"], velocity["open_jobs"]) == (
            31,
            2,
            29,
            29,
        )
        assert velocity["first_week"] and velocity["trend_4_weeks"] == "growing"
        # job 6 was listed one day (the 17th), job 7 two days (17th and 18th) before closing.
        closing = wh.query(
            "select closed_jobs, median_days_listed from analytics.time_to_close "
            "where company = 'Northwind Analytics'"
        )
        assert closing["closed_jobs"].sum() == 2 and sorted(closing["median_days_listed"]) == [1.0, 2.0]
        # a skill's count: the postings of the capture whose text names Terraform (grep the JSON)
        capture = Path(ws.settings.snapshot_dir) / "northwind" / f"{DAYS[0]}.json"
        postings = json.loads(capture.read_text())["jobs"]
        named = sum("Terraform" in p["content"] for p in postings)
        counted = wh.query(
            "select count(*) as n from raw.job_skills where provider = 'northwind' and "
            "partition_date = :day and skill = 'Terraform'",
            day=DAYS[0],
        )["n"][0]
        assert named > 0 and counted == named
        # "shortlisted": the distinct jobs on alex's stored shortlists of the week
        stored = set()
        for day in DAYS:
            table = pq.read_table(Path(ws.settings.storage_url) / "shortlist" / f"{day}.parquet").to_pandas()
            stored |= set(table.loc[table["profile"] == "alex", "job_id"])
        [alex] = wh.query("select matches from analytics.profile_scores_weekly where profile = 'alex'")[
            "matches"
        ]
        assert alex == len(stored) > 0


def test_rematerializing_a_jobs_partition_and_its_loader_changes_nothing(bundled_days, built_warehouse):
    ws, defs, instance = bundled_days
    with duckdb(ws) as wh:
        before = {t: table_hash(wh, f"raw.{t}") for t in ("jobs", "job_skills")}
        counts = {t: len(table_rows(wh, f"raw.{t}")) for t in before}
    ingest = execute_job(
        defs,
        DAILY_INGEST_JOB,
        date_provider_key(DAYS[1], "northwind"),
        instance,
        trigger="test",
        assets=["jobs"],
    )
    load = execute_job(
        defs,
        DAILY_ROLLUP_JOB,
        DAYS[1].isoformat(),
        instance,
        trigger="test",
        assets=["warehouse/raw/jobs", "warehouse/raw/job_skills"],
    )
    assert ingest.success and load.success
    loaded = materialized_metadata(load)["warehouse/raw/jobs"]
    assert loaded["replaced_rows"] == loaded["dagster/row_count"] > 0
    with duckdb(ws) as wh:
        assert {t: table_hash(wh, f"raw.{t}") for t in before} == before
        assert {t: len(table_rows(wh, f"raw.{t}")) for t in before} == counts


def test_a_changed_partition_replaces_only_its_rows(bundled_days, built_warehouse, tmp_path):
    ws, _, _ = bundled_days
    storage, copy = tmp_path / "storage", tmp_path / "wh.duckdb"
    shutil.copytree(Path(ws.settings.storage_url) / "jobs", storage / "jobs")
    shutil.copy(ws.settings.warehouse_location.path, copy)
    location = WarehouseLocation.parse(str(copy))
    with open_warehouse(location) as wh:
        others = table_hash(wh, "raw.jobs", f"where partition_date <> '{DAYS[1]}'")
        day_rows = table_rows(wh, "raw.jobs", f"where partition_date = '{DAYS[1]}'")
    target = storage / "jobs" / DAYS[1].isoformat() / "northwind.parquet"
    table = pq.read_table(target)
    dropped = table.column("job_id")[0].as_py()
    buffer = io.BytesIO()
    pq.write_table(table.slice(1), buffer)
    target.write_bytes(buffer.getvalue())  # the board listed one job fewer that day
    with open_warehouse(location) as wh:
        report = load_partition(LocalObjectStore(storage), wh, SOURCES["jobs"], DAYS[1])
        assert report.replaced == len(day_rows) and report.rows == len(day_rows) - 1
        assert table_hash(wh, "raw.jobs", f"where partition_date <> '{DAYS[1]}'") == others
        now = table_rows(wh, "raw.jobs", f"where partition_date = '{DAYS[1]}'")
        assert set(day_rows["job_id"]) - set(now["job_id"]) == {dropped}
