"""Tables in storage: the one Parquet writer and reader, the fingerprint of any table, and the reader
of stored daily tables that the CLI, replay, history and tests share.

The fingerprint canonicalizes values (timestamps as ISO strings, NaN as null, arrays as lists) so a
table hashes the same before and after a Parquet round trip: that is what lets a replay compare a
new output with one stored months ago.
"""

from __future__ import annotations

import base64
import hashlib
import io
import math
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from jobintel_core.base.identity import canonical_json, records_hash
from jobintel_core.storage.keys import stored_dates, table_key
from jobintel_core.storage.objects import ObjectStore

_PLAIN = frozenset({str, int, bool, type(None)})  # JSON as they are


def jsonable(value: Any) -> Any:
    kind = type(value)
    if kind in _PLAIN:  # most values of a table: answered before the isinstance chain below
        return value
    if kind is float:
        return None if value != value else value
    if isinstance(value, np.ndarray) and value.dtype.kind in "iufb":
        # Numbers in C (a day's embedding vectors are 384 floats per row): the same values as
        # converting each element, NaN still as null.
        items = value.tolist()
        return (
            [None if v != v else v for v in items]
            if value.dtype.kind == "f" and np.isnan(value).any()
            else items
        )
    if type(value) is list and all(type(v) is float for v in value):
        return [None if v != v else v for v in value]
    if isinstance(value, (np.ndarray, list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, np.generic):
        return jsonable(value.item())
    if isinstance(value, (pd.Timestamp, datetime, date)):
        return value.isoformat()
    return value


def frame_hash(frame: pd.DataFrame) -> str:
    """SHA-256 over the rows in order, values canonicalized, so it survives a Parquet round trip.

    Canonicalized a column at a time (numbers in C, one call per value only where a value needs
    one), then assembled into rows: the same values, row by row, as canonicalizing each cell."""
    columns = list(frame.columns)
    values = [_column_values(column) for _, column in frame.items()]
    return records_hash(
        [
            {"__columns__": columns},
            *(dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)),
        ]
    )


def table_hash(table: pa.Table, batch_rows: int = 8192) -> str:
    """``frame_hash(frame_of(table))``, the same digest, without the whole table as pandas: a batch
    of rows at a time, each converted as the whole table would be. (The one difference a batch
    could make: an integer column with a null anywhere becomes float in pandas, so such columns are
    made float first.) A 2,000-board day's history (55,000 rows) as one pandas frame is ~300 MB of
    Python objects; a batch is 8,192 rows."""
    promoted = [
        pc.cast(column, pa.float64()) if pa.types.is_integer(column.type) and column.null_count else column
        for column in table.columns
    ]
    table = pa.Table.from_arrays(promoted, names=table.column_names)
    digest = hashlib.sha256()
    digest.update(canonical_json({"__columns__": table.column_names}).encode("utf-8") + b"\n")
    for batch in table.to_batches(max_chunksize=batch_rows):
        frame = frame_of(pa.Table.from_batches([batch]))
        columns = list(frame.columns)
        values = [_column_values(column) for _, column in frame.items()]
        for row in zip(*values, strict=True):
            digest.update(canonical_json(dict(zip(columns, row, strict=True))).encode("utf-8") + b"\n")
    return digest.hexdigest()


def _column_values(column: pd.Series) -> list[Any]:
    """A column's canonical values: numpy integers, booleans and floats in C (NaN as null); any
    other column value by value, as iterating the column boxes them."""
    kind = column.dtype.kind if isinstance(column.dtype, np.dtype) else ""  # not pandas' extension dtypes
    if kind in ("b", "i", "u"):
        values: list[Any] = column.tolist()
        return values
    if kind == "f":
        return [None if v != v else v for v in column.tolist()]
    return [_fingerprint_value(value) for value in column]


def _fingerprint_value(value: Any) -> Any:
    """``jsonable``, except that a float32 array (an embedding vector) is fingerprinted by its bytes.

    Written as JSON numbers, each float32 takes a 17-digit decimal (~0.4 µs): a day's index of
    51,334 jobs took 9.3 s to fingerprint that way and takes 0.59 s as bytes, just as exact. A
    Parquet round trip gives back the same bytes."""
    if isinstance(value, np.ndarray) and value.dtype == np.float32:
        return {"float32_le": base64.b64encode(value.astype("<f4", copy=False).tobytes()).decode("ascii")}
    return jsonable(value)


def table_from_parquet(data: bytes, columns: list[str] | None = None) -> pa.Table:
    """Parquet bytes as an Arrow table, decoded on the calling thread.

    ``pq.read_table`` would start Arrow's I/O pool (pre-buffering) and CPU pool, whose native
    workers then live until the process exits; a worker still running while the static destructors
    run aborts the process ("terminate called without an active exception", apache/arrow#34314) —
    a command that finished its work exited -6. Our tables are read whole from memory, where
    neither pool saves time worth that.
    """
    return pq.ParquetFile(io.BytesIO(data), pre_buffer=False).read(columns=columns, use_threads=False)


def frame_of(table: pa.Table) -> pd.DataFrame:
    """An Arrow table as pandas, converted on the calling thread (no Arrow worker: see above)."""
    return table.to_pandas(use_threads=False)


def frame_from_parquet(data: bytes) -> pd.DataFrame:
    return frame_of(table_from_parquet(data))


def parquet_bytes(table: pa.Table) -> bytes:
    """Parquet (zstd) bytes of an Arrow table; the one writer every stored table goes through.

    Every column is dictionary-encoded but lists of floats (embedding vectors): their values
    never repeat, and trying a dictionary first took 19 of the 24 ms of writing 1,000 vectors and
    made the file 43% bigger (2.04 MB, not 1.43 MB)."""
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd", use_dictionary=_dictionary_columns(table.schema))
    return buffer.getvalue()


def _dictionary_columns(schema: pa.Schema) -> list[str]:
    """The Parquet leaf paths (``places.list.element.city``) of every column but floats in lists."""

    def leaves(path: str, kind: pa.DataType, in_list: bool) -> Iterator[str]:
        if pa.types.is_list(kind) or pa.types.is_large_list(kind) or pa.types.is_fixed_size_list(kind):
            yield from leaves(f"{path}.list.element", kind.value_type, True)
        elif pa.types.is_struct(kind):
            for child in kind:
                yield from leaves(f"{path}.{child.name}", child.type, in_list)
        elif not (in_list and pa.types.is_floating(kind)):
            yield path

    return [path for field in schema for path in leaves(field.name, field.type, False)]


def read_table(store: ObjectStore, asset: str, partition_path: str | None = None) -> pd.DataFrame:
    """A stored table (one partition of it): ``ObjectMissing`` names the key when it is absent."""
    return frame_from_parquet(store.get(table_key(asset, partition_path)))


def latest_daily_table(
    store: ObjectStore, asset: str, before: date | None = None
) -> tuple[date, pd.DataFrame] | None:
    """The most recent stored partition of a daily table (strictly before ``before`` when given)."""
    dates = [d for d in stored_dates(store, asset) if before is None or d < before]
    if not dates:
        return None
    return dates[-1], read_table(store, asset, dates[-1].isoformat())
