"""The IO managers on their own: keys, typed Parquet, provenance beside payloads, clear missing-input errors."""

from datetime import UTC, datetime

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from dagster import (
    AssetKey,
    DailyPartitionsDefinition,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    PartitionKeyRange,
    StaticPartitionsDefinition,
    build_input_context,
    build_output_context,
)

from jobintel_core.ingestion.acquisition.modes import RawPayload
from jobintel_core.ingestion.acquisition.provenance import payload_record
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.normalization.jobs_table import JOBS_SCHEMA
from jobintel_core.storage.objects import ObjectMissing
from jobintel_dagster.storage.io_managers import ARROW_COLUMNS, ParquetIOManager, RawPayloadIOManager
from jobintel_dagster.storage.resources import StorageResource

DAILY = DailyPartitionsDefinition(start_date="2026-11-01")
BY_PROVIDER = MultiPartitionsDefinition({"date": DAILY, "provider": StaticPartitionsDefinition(["a", "b"])})
KEY = MultiPartitionKey({"date": "2026-11-20", "provider": "a"})


@pytest.fixture
def storage(tmp_path) -> StorageResource:
    return StorageResource(url=str(tmp_path / "store"))


def write(manager, asset: str, partition, value, partitions_def=BY_PROVIDER):
    context = build_output_context(
        asset_key=AssetKey(asset), partition_key=partition, asset_partitions_def=partitions_def
    )
    manager.handle_output(context, value)
    return context.get_logged_metadata()


def test_an_empty_table_is_written_with_its_declared_schema(storage, tmp_path):
    manager = ParquetIOManager(storage=storage)
    metadata = write(manager, "jobs", KEY, JOBS_SCHEMA.empty_table().to_pandas())
    path = tmp_path / "store" / "jobs" / "2026-11-20" / "a.parquet"
    assert (
        metadata["storage_uri"].value == str(path) and metadata["stored_bytes"].value == path.stat().st_size
    )
    assert pq.read_schema(path).remove_metadata() == JOBS_SCHEMA  # types kept though there are no rows


def test_a_table_reads_back_equal(storage):
    manager = ParquetIOManager(storage=storage)
    frame = pd.DataFrame({"job_id": ["b", "a"], "n": [2, 1]})
    write(manager, "some_table", "2026-11-20", frame, DAILY)
    loaded = manager.load_input(
        build_input_context(
            asset_key=AssetKey("some_table"), partition_key="2026-11-20", asset_partitions_def=DAILY
        )
    )
    pd.testing.assert_frame_equal(loaded, frame)


def test_an_input_asking_for_columns_gets_only_those_as_arrow(storage):
    manager = ParquetIOManager(storage=storage)
    write(
        manager, "some_table", "2026-11-20", pd.DataFrame({"job_id": ["a"], "n": [1], "wide": ["x"]}), DAILY
    )

    def context(columns: list[str]):
        return build_input_context(
            asset_key=AssetKey("some_table"),
            partition_key="2026-11-20",
            asset_partitions_def=DAILY,
            definition_metadata={ARROW_COLUMNS: columns},
        )

    loaded = manager.load_input(context(["n", "job_id"]))
    assert isinstance(loaded, pa.Table) and loaded.to_pydict() == {"job_id": ["a"], "n": [1]}
    with pytest.raises(KeyError, match=r"some_table/2026-11-20.parquet has no column nope"):
        manager.load_input(context(["job_id", "nope"]))  # Parquet alone would leave it out silently


def test_a_missing_upstream_names_the_asset_partition_and_key(storage, tmp_path):
    context = build_input_context(
        asset_key=AssetKey("jobs"), partition_key=KEY, asset_partitions_def=BY_PROVIDER
    )
    with pytest.raises(ObjectMissing) as error:
        ParquetIOManager(storage=storage).load_input(context)
    assert str(error.value) == (
        f"upstream asset 'jobs' partition '2026-11-20|a' has not been materialized "
        f"(nothing at {tmp_path / 'store' / 'jobs' / '2026-11-20' / 'a.parquet'}); materialize it first"
    )


def test_several_partitions_load_as_a_mapping_and_missing_ones_are_left_out_when_allowed(storage):
    manager = ParquetIOManager(storage=storage)
    write(manager, "some_table", KEY, pd.DataFrame({"job_id": ["x"]}))
    span = PartitionKeyRange(start=KEY, end=MultiPartitionKey({"date": "2026-11-20", "provider": "b"}))

    def context(allow_missing: bool):
        return build_input_context(
            asset_key=AssetKey("some_table"),
            asset_partition_key_range=span,
            asset_partitions_def=BY_PROVIDER,
            definition_metadata={"allow_missing_partitions": allow_missing},
        )

    loaded = manager.load_input(context(True))
    assert list(loaded) == ["2026-11-20|a"] and list(loaded["2026-11-20|a"]["job_id"]) == ["x"]
    with pytest.raises(ObjectMissing, match=r"partition '2026-11-20\|b'"):
        manager.load_input(context(False))


def test_a_payload_is_stored_verbatim_with_its_provenance_beside_it(storage, tmp_path):
    payload = Payload({"board.json": b'{"jobs": []}', "page-001.json": b"\x00raw"})
    record = payload_record(
        payload,
        provider="a",
        ats="greenhouse",
        mode="snapshot",
        fetched_at=datetime(2026, 11, 20, tzinfo=UTC),
        source="test",
    )
    manager = RawPayloadIOManager(storage=storage)
    write(manager, "raw_postings", KEY, RawPayload(payload, record))
    archive = tmp_path / "store" / "raw_postings" / "2026-11-20" / "a.tar.gz"
    assert Payload.from_archive(archive.read_bytes()) == payload
    assert (archive.parent / "a.tar.gz.fetch.json").exists()
    loaded = manager.load_input(
        build_input_context(
            asset_key=AssetKey("raw_postings"), partition_key=KEY, asset_partitions_def=BY_PROVIDER
        )
    )
    assert loaded == RawPayload(payload, record)


def test_a_wrong_output_type_names_the_asset(storage):
    with pytest.raises(TypeError, match="asset 'jobs': expected a pandas DataFrame, got list"):
        write(ParquetIOManager(storage=storage), "jobs", KEY, [1, 2])
