"""S3 going down in the middle of a run: the step fails cleanly naming S3 and its endpoint, no
partial object and no materialization exist for the unwritten output, and a rerun after the
outage completes with the content hashes of a run that never saw one."""

from datetime import date

from dagster import AssetKey, DagsterInstance

from jobintel_dagster.partitions import date_provider_key
from jobintel_dagster.runs.day import run_day
from jobintel_dagster.runs.execute import execute_job, materialized_metadata
from tests.conftest import make_workspace
from tests.support.faulty_proxy import FaultyProxy

DAY = date(2026, 11, 20)


def test_s3_down_mid_run_fails_cleanly_and_a_rerun_reproduces_the_hashes(tmp_path, s3_server, monkeypatch):
    moto_port = int(s3_server.endpoint.rsplit(":", 1)[1])
    proxy = FaultyProxy(moto_port)
    monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.url)  # every S3 call of the run goes through the proxy
    ws = make_workspace(
        tmp_path / "s3",
        providers=["northwind"],
        storage_url=f"s3://{s3_server.bucket}/data",
        fetch_step_retries=0,
    )
    defs, instance = ws.definitions(), DagsterInstance.ephemeral()
    proxy.fail_when(f"PUT /{s3_server.bucket}/data/jobs/".encode())  # S3 dies as `jobs` is written
    try:
        [failed] = run_day(defs, instance, DAY, log_level="CRITICAL", with_history=False).providers
        assert proxy.tripped_on is not None and proxy.tripped_on.startswith(b"PUT ")
        assert not failed.ok
        assert failed.error.startswith(f"S3 at {proxy.url} (bucket '{s3_server.bucket}'): ")
        keys = [
            o["Key"] for o in s3_server.client().list_objects_v2(Bucket=s3_server.bucket).get("Contents", [])
        ]
        assert not [k for k in keys if k.startswith("data/jobs/")]  # no partial object
        assert [k for k in keys if k.startswith("data/raw_postings/")]  # what was written before stays
        assert not instance.fetch_materializations(AssetKey("jobs"), limit=10).records  # nothing claimed
        assert len(instance.fetch_materializations(AssetKey("raw_postings"), limit=10).records) == 1

        proxy.restore()
        rerun = execute_job(
            defs,
            "daily_ingest",
            date_provider_key(DAY, "northwind"),
            instance,
            trigger="test",
            log_level="CRITICAL",
        )
        assert rerun.success
        after = materialized_metadata(rerun)
    finally:
        proxy.close()

    clean = make_workspace(tmp_path / "clean", providers=["northwind"])
    reference = materialized_metadata(
        execute_job(
            clean.definitions(),
            "daily_ingest",
            date_provider_key(DAY, "northwind"),
            DagsterInstance.ephemeral(),
            trigger="test",
            log_level="CRITICAL",
        )
    )
    assert {a: m["content_hash"] for a, m in after.items()} == {
        a: m["content_hash"] for a, m in reference.items()
    }
