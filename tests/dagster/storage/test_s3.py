"""JOBINTEL_STORAGE_URL=s3://… against moto's S3 server over HTTP: the same path as MinIO or AWS."""

import io

import pandas as pd
from dagster import materialize

from jobintel_core.ingestion.fetching.payload import Payload
from tests.conftest import make_workspace

DAY = "2026-11-19"


def test_partition_materializes_to_s3_and_reads_back_with_boto3(tmp_path, s3_server):
    ws = make_workspace(
        tmp_path, providers=["bluefin-health"], storage_url=f"s3://{s3_server.bucket}/jobintel"
    )
    defs = ws.definitions()
    result = materialize(
        list(defs.assets),
        resources=dict(defs.resources),
        partition_key=f"{DAY}|bluefin-health",
        selection=["raw_postings", "jobs"],
    )
    assert result.success

    client = s3_server.client()
    keys = sorted(o["Key"] for o in client.list_objects_v2(Bucket=s3_server.bucket)["Contents"])
    assert keys == [
        f"jobintel/jobs/{DAY}/bluefin-health.parquet",
        f"jobintel/raw_postings/{DAY}/bluefin-health.tar.gz",
        f"jobintel/raw_postings/{DAY}/bluefin-health.tar.gz.fetch.json",
    ]
    body = client.get_object(Bucket=s3_server.bucket, Key=f"jobintel/jobs/{DAY}/bluefin-health.parquet")[
        "Body"
    ].read()
    frame = pd.read_parquet(io.BytesIO(body))
    assert len(frame) == 27 and set(frame.provider) == {"bluefin-health"}
    raw = client.get_object(
        Bucket=s3_server.bucket, Key=f"jobintel/raw_postings/{DAY}/bluefin-health.tar.gz"
    )["Body"].read()
    assert Payload.from_archive(raw).parts == {
        "board.json": ws.snapshot_path("bluefin-health", DAY).read_bytes()
    }

    [jobs_event] = [e for e in result.get_asset_materialization_events() if e.asset_key.path == ["jobs"]]
    uri = jobs_event.materialization.metadata["storage_uri"].value
    assert uri == f"s3://{s3_server.bucket}/jobintel/jobs/{DAY}/bluefin-health.parquet"
