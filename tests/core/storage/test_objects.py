import os

import boto3
import botocore.config
import pytest

from jobintel_core.storage.objects import LocalObjectStore, ObjectMissing, StorageUnavailable
from jobintel_core.storage.s3 import S3ObjectStore
from jobintel_core.storage.urls import open_store, parse_storage_url
from tests.conftest import free_port


def test_local_put_is_atomic_and_leaves_no_temp_files(tmp_path, monkeypatch):
    store = LocalObjectStore(tmp_path)
    store.put("a/b.bin", b"first")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        store.put("a/b.bin", b"second")
    monkeypatch.undo()
    assert store.get("a/b.bin") == b"first"  # the old object is intact, never half-written
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == ["b.bin"]


def test_local_missing_key_and_escape(tmp_path):
    store = LocalObjectStore(tmp_path)
    with pytest.raises(ObjectMissing, match=str(tmp_path)):
        store.get("nope.parquet")
    with pytest.raises(ValueError, match="escapes"):
        store.put("../outside", b"x")


def test_storage_url_parsing():
    assert parse_storage_url("s3://bucket/some/prefix/") == ("s3", "bucket", "some/prefix")
    assert parse_storage_url(".jobintel/storage") == ("local", ".jobintel/storage", "")
    with pytest.raises(ValueError, match="no bucket"):
        parse_storage_url("s3:///x")
    with pytest.raises(ValueError, match="only local paths"):
        parse_storage_url("gs://bucket")


def test_s3_store_roundtrip_on_moto_server(s3_server):
    store = open_store(f"s3://{s3_server.bucket}/pre/fix")
    assert isinstance(store, S3ObjectStore)
    assert (
        store.put("jobs/2026-11-20/a.parquet", b"data")
        == f"s3://{s3_server.bucket}/pre/fix/jobs/2026-11-20/a.parquet"
    )
    assert store.exists("jobs/2026-11-20/a.parquet") and not store.exists("jobs/x")
    assert store.get("jobs/2026-11-20/a.parquet") == b"data"
    assert store.list("jobs") == ["jobs/2026-11-20/a.parquet"]
    with pytest.raises(ObjectMissing, match="s3://"):
        store.get("missing")
    store.delete("jobs/2026-11-20/a.parquet")
    assert store.list("jobs") == []


def test_an_s3_outage_names_the_service_endpoint_and_bucket(s3_server):
    store = open_store(f"s3://{s3_server.bucket}/data")
    store.put("a", b"1")
    dead = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    store.client = boto3.client(
        "s3",
        endpoint_url=dead,
        region_name="us-east-1",
        config=botocore.config.Config(retries={"max_attempts": 1}),
    )
    with pytest.raises(StorageUnavailable) as error:
        store.get("a")
    assert str(error.value).startswith(
        f"S3 at {dead} (bucket '{s3_server.bucket}'): get s3://{s3_server.bucket}/data/a failed:"
    )
    missing_bucket = open_store("s3://no-such-bucket-here/x")
    with pytest.raises(StorageUnavailable, match="NoSuchBucket"):
        missing_bucket.put("k", b"v")
