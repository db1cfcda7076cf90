"""Load one date partition of one source into the warehouse: read the stored Parquet, shape, replace.

The stored Parquet partitions are the truth; the warehouse is derived from them and can always be
rebuilt by rematerializing its loaders. Parquet is read through the same object store as every
other asset (local disk or S3, one code path), only the columns the raw table needs.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import pyarrow as pa

from jobintel_core.storage.keys import TABLE_EXTENSION, table_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.warehouse.engines import Warehouse
from jobintel_core.warehouse.sources import WarehouseSource

PER_PROVIDER_ASSETS = frozenset({"jobs"})  # stored as <asset>/<date>/<provider>.parquet


@dataclass(frozen=True)
class LoadReport:
    table: str
    day: date
    rows: int
    replaced: int  # rows of the date the table held before
    objects: dict[str, str]  # stored object → SHA-256 of its bytes: what was loaded, exactly


def partition_keys(store: ObjectStore, source: WarehouseSource, day: date) -> list[str]:
    if source.asset in PER_PROVIDER_ASSETS:
        prefix = f"{source.asset}/{day.isoformat()}/"
        return sorted(k for k in store.list(prefix) if k.endswith(f".{TABLE_EXTENSION}"))
    key = table_key(source.asset, day.isoformat())
    if not store.exists(key):
        raise ObjectMissing(
            f"{source.table}: {store.uri(key)} does not exist: materialize {source.asset!r} for {day} first"
        )
    return [key]


def partition_rows(store: ObjectStore, source: WarehouseSource, day: date) -> tuple[pa.Table, dict[str, str]]:
    """The raw table's rows for ``day`` and the objects they came from (with their hashes)."""
    parts, objects = [], {}
    for key in partition_keys(store, source, day):
        data = store.get(key)
        objects[key] = hashlib.sha256(data).hexdigest()
        parts.append(source.rows(source.read(data), day))
    rows = pa.concat_tables(parts) if parts else source.schema.empty_table()
    return rows, objects


def load_partition(
    store: ObjectStore, warehouse: Warehouse, source: WarehouseSource, day: date
) -> LoadReport:
    rows, objects = partition_rows(store, source, day)
    replaced = warehouse.replace_partition(source.table, rows, day)
    return LoadReport(source.table, day, rows.num_rows, replaced, objects)
