"""IO managers: one code path over ``ObjectStore`` for local disk and S3.

Layout: ``<storage root>/<asset>/<date>/<provider>.<ext>`` for date × provider assets,
``<asset>/<date>.<ext>`` for daily ones, ``<asset>.<ext>`` for unpartitioned ones.
Tables are Parquet (people query them); raw payloads are gzipped bytes plus a JSON provenance
record. Every write is atomic (see ``jobintel_core.storage.objects``) and records its URI and
stored size in the materialization metadata; the assets add the content hash and data version
(see ``jobintel_dagster.lineage``), so every output explains itself.
"""

from typing import Any, ClassVar

import pandas as pd
import pyarrow as pa
from dagster import (
    ConfigurableIOManager,
    InputContext,
    MetadataValue,
    OutputContext,
    ResourceDependency,
)

from jobintel_core.ingestion.acquisition.modes import RawPayload
from jobintel_core.ingestion.acquisition.provenance import load_record, save_record
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.storage.keys import RAW_EXTENSION, TABLE_EXTENSION, object_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.storage.tables import frame_from_parquet, parquet_bytes, table_from_parquet
from jobintel_dagster.partitions import partition_path
from jobintel_dagster.storage.catalog import TABLES
from jobintel_dagster.storage.resources import StorageResource

# Input metadata (``AssetIn(metadata={ARROW_COLUMNS: [...]})``): read only these columns of a stored
# table, as an Arrow table.
ARROW_COLUMNS = "arrow_columns"


class ObjectStoreIOManager(ConfigurableIOManager):
    """Shared key layout, atomic writes, metadata and missing-input errors; subclasses encode."""

    storage: ResourceDependency[StorageResource]
    extension: ClassVar[str]

    def serialize(self, obj: Any, asset_name: str) -> bytes:
        raise NotImplementedError

    def deserialize(self, data: bytes, key: str) -> Any:
        raise NotImplementedError

    def write_extra(self, store: ObjectStore, key: str, obj: Any) -> None:
        """Hook for side files written *before* the main object (which marks completeness)."""

    def read_extra(self, store: ObjectStore, key: str, value: Any) -> Any:
        return value

    def _store(self) -> ObjectStore:
        return self.storage.get_store()

    def object_key(self, asset_path: list[str], partition_key: str | None) -> str:
        path = partition_path(partition_key) if partition_key is not None else None
        return object_key(asset_path, path, self.extension)

    def handle_output(self, context: OutputContext, obj: Any) -> None:
        if obj is None:
            return
        partition = context.asset_partition_key if context.has_asset_partitions else None
        key = self.object_key(list(context.asset_key.path), partition)
        data = self.serialize(obj, context.asset_key.path[-1])
        store = self._store()
        self.write_extra(store, key, obj)
        uri = store.put(key, data)
        context.add_output_metadata({"storage_uri": MetadataValue.path(uri), "stored_bytes": len(data)})

    def _load_one(self, context: InputContext, partition: str | None) -> Any:
        key = self.object_key(list(context.asset_key.path), partition)
        store = self._store()
        try:
            data = store.get(key)
        except ObjectMissing:
            where = f" partition {partition!r}" if partition else ""
            raise ObjectMissing(
                f"upstream asset {context.asset_key.to_user_string()!r}{where} has not been "
                f"materialized (nothing at {store.uri(key)}); materialize it first"
            ) from None
        return self.read_extra(store, key, self.decode(context, data, key))

    def decode(self, context: InputContext, data: bytes, key: str) -> Any:
        """The stored object as this input asks for it (see ``ParquetIOManager``)."""
        return self.deserialize(data, key)

    def load_input(self, context: InputContext) -> Any:
        if not context.has_asset_partitions:
            return self._load_one(context, None)
        keys = list(context.asset_partition_keys)
        if len(keys) == 1 and not _allows_missing(context):
            return self._load_one(context, keys[0])
        # Several upstream partitions (e.g. every provider of a day): a mapping by key. Missing
        # ones are left out when the asset allows it, so one failed provider is visible as absent.
        loaded: dict[str, Any] = {}
        for partition in keys:
            try:
                loaded[str(partition)] = self._load_one(context, partition)
            except ObjectMissing:
                if not _allows_missing(context):
                    raise
        return loaded


def _allows_missing(context: InputContext) -> bool:
    return bool((context.definition_metadata or {}).get("allow_missing_partitions"))


class ParquetIOManager(ObjectStoreIOManager):
    """DataFrames (or Arrow tables) as Parquet, typed by the table's Arrow schema when one is
    declared; read back as DataFrames."""

    extension: ClassVar[str] = TABLE_EXTENSION

    def serialize(self, obj: Any, asset_name: str) -> bytes:
        spec = TABLES.get(asset_name)
        schema = spec.schema if spec else None
        if isinstance(obj, pa.Table):  # a step that works in Arrow (job_history) skips pandas
            return parquet_bytes(obj.cast(schema) if schema is not None else obj)
        if not isinstance(obj, pd.DataFrame):
            raise TypeError(
                f"asset {asset_name!r}: expected a pandas DataFrame, got {type(obj).__name__} "
                "(an Arrow table also works)"
            )
        return parquet_bytes(pa.Table.from_pandas(obj, schema=schema, preserve_index=False))

    def deserialize(self, data: bytes, key: str) -> pd.DataFrame:
        return frame_from_parquet(data)

    def decode(self, context: InputContext, data: bytes, key: str) -> pd.DataFrame | pa.Table:
        """An input declaring ``ARROW_COLUMNS`` in its metadata gets only those columns, as Arrow:
        a step that reads a few columns of a wide table (the day's history has ~45) never holds
        the rest, nor a pandas copy of it."""
        columns = (context.definition_metadata or {}).get(ARROW_COLUMNS)
        if columns is None:
            return self.deserialize(data, key)
        table = table_from_parquet(data, columns=list(columns))
        missing = sorted(set(columns) - set(table.column_names))  # Parquet leaves them out silently
        if missing:
            raise KeyError(f"{key} has no column {', '.join(missing)} (the input's {ARROW_COLUMNS})")
        return table


class RawPayloadIOManager(ObjectStoreIOManager):
    """A payload exactly as received: its parts in a deterministic ``tar.gz`` (same bytes in, same
    archive out; ``tar -xzf`` to look inside), with its ``FetchRecord`` beside it as
    ``<key>.fetch.json``."""

    extension: ClassVar[str] = RAW_EXTENSION

    def serialize(self, obj: Any, asset_name: str) -> bytes:
        if not isinstance(obj, RawPayload):
            raise TypeError(f"asset {asset_name!r}: expected a RawPayload, got {type(obj).__name__}")
        return obj.payload.to_archive()

    def deserialize(self, data: bytes, key: str) -> Payload:
        return Payload.from_archive(data, where=key)

    def write_extra(self, store: ObjectStore, key: str, obj: Any) -> None:
        save_record(store, key, obj.record)

    def read_extra(self, store: ObjectStore, key: str, value: Any) -> RawPayload:
        return RawPayload(payload=value, record=load_record(store, key))
