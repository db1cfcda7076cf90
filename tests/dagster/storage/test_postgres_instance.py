"""The deployment instance (deploy/dagster.yaml) against the real PostgreSQL, fresh database."""

import shutil

import psycopg2
from dagster import AssetKey, DagsterInstance, materialize
from dagster_postgres.event_log import PostgresEventLogStorage

from tests.conftest import REPO_ROOT, make_workspace

DAY = "2026-11-18"


def test_materialization_recorded_in_postgres(tmp_path, monkeypatch, postgres_db, s3_server):
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    for key, value in {
        **postgres_db.env(),
        "DAGSTER_HOME": str(home),
        "DAGSTER_COMPUTE_LOG_BUCKET": s3_server.bucket,
    }.items():
        monkeypatch.setenv(key, value)
    ws = make_workspace(tmp_path / "ws", providers=["helio-labs"])
    defs = ws.definitions()

    with DagsterInstance.get() as instance:
        assert isinstance(instance.event_log_storage, PostgresEventLogStorage)
        result = materialize(
            list(defs.assets),
            resources=dict(defs.resources),
            partition_key=f"{DAY}|helio-labs",
            instance=instance,
            selection=["raw_postings", "jobs"],
        )
        assert result.success

    # A new instance object reads the events back from the database, not from memory.
    with DagsterInstance.get() as instance:
        event = instance.get_latest_materialization_event(AssetKey("jobs"))
        assert event is not None and event.run_id == result.run_id
        materialization = event.asset_materialization
        assert materialization.partition == f"{DAY}|helio-labs"
        assert materialization.metadata["dagster/row_count"].value == 26
        run = instance.get_run_by_id(result.run_id)
        assert run is not None and run.is_success

    with (
        psycopg2.connect(
            host=postgres_db.host, port=postgres_db.port, user=postgres_db.user, dbname=postgres_db.db_name
        ) as conn,
        conn.cursor() as cur,
    ):
        cur.execute(
            "SELECT count(*) FROM event_logs WHERE run_id = %s AND dagster_event_type = 'ASSET_MATERIALIZATION'",
            (result.run_id,),
        )
        assert cur.fetchone()[0] == 2  # raw_postings and jobs

    # Compute logs went to the S3 bucket named in the environment, via AWS_ENDPOINT_URL.
    logs = s3_server.client().list_objects_v2(Bucket=s3_server.bucket, Prefix="dagster-compute-logs/")
    assert any(result.run_id in obj["Key"] for obj in logs.get("Contents", []))
