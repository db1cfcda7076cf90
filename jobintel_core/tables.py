"""Postings as a table with one fixed schema, and the fingerprint of any table.

A fixed Arrow schema means an empty day and a full day write the same Parquet columns and types,
so SQL over the warehouse and the downstream assets never see a column appear or change type.
Rows are sorted by ``job_id`` so the same postings always produce the same bytes and hash.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from jobintel_core.identity import records_hash
from jobintel_core.models import JobPosting

_TS = pa.timestamp("us", tz="UTC")

JOBS_SCHEMA = pa.schema(
    [
        ("job_id", pa.string()),
        ("provider", pa.string()),
        ("company", pa.string()),
        ("ats", pa.string()),
        ("board", pa.string()),
        ("external_id", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("apply_url", pa.string()),
        ("locations", pa.list_(pa.string())),
        ("workplace_type", pa.string()),
        ("department", pa.string()),
        ("team", pa.string()),
        ("employment_type", pa.string()),
        ("description_html", pa.string()),
        ("description_text", pa.string()),
        ("compensation_min", pa.float64()),
        ("compensation_max", pa.float64()),
        ("compensation_currency", pa.string()),
        ("compensation_interval", pa.string()),
        ("compensation_source", pa.string()),
        ("posted_at", _TS),
        ("source_updated_at", _TS),
        ("content_hash", pa.string()),
        ("fetched_at", _TS),
    ]
)
JOB_COLUMNS = JOBS_SCHEMA.names


def posting_row(posting: JobPosting) -> dict[str, Any]:
    row = posting.model_dump(mode="python", exclude={"compensation"})
    row["workplace_type"] = posting.workplace_type.value
    comp = posting.compensation
    row["compensation_min"] = comp.min if comp else None
    row["compensation_max"] = comp.max if comp else None
    row["compensation_currency"] = comp.currency if comp else None
    row["compensation_interval"] = comp.interval.value if comp else None
    row["compensation_source"] = comp.source if comp else None
    return row


def jobs_frame(postings: Iterable[JobPosting]) -> pd.DataFrame:
    """Postings as a DataFrame typed by ``JOBS_SCHEMA``, sorted by ``job_id``."""
    rows = sorted((posting_row(p) for p in postings), key=lambda r: (r["job_id"], r["content_hash"]))
    table = pa.Table.from_pylist(rows, schema=JOBS_SCHEMA)
    return table.to_pandas(types_mapper=None).reset_index(drop=True)


def jsonable(value: Any) -> Any:
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
    """SHA-256 over the rows in order, values canonicalized, so it survives a Parquet round trip."""
    columns = list(frame.columns)
    records = (
        {col: jsonable(val) for col, val in zip(columns, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    )
    return records_hash([{"__columns__": columns}, *records])


def frame_from_parquet(data: bytes) -> pd.DataFrame:
    return pq.read_table(io.BytesIO(data)).to_pandas()


def parquet_bytes(table: pa.Table) -> bytes:
    """Parquet (zstd) bytes of an Arrow table; the one writer every stored table goes through."""
    buffer = io.BytesIO()
    pq.write_table(table, buffer, compression="zstd")
    return buffer.getvalue()
