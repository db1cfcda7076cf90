"""Postings as the ``jobs`` table: one fixed Arrow schema, one row per posting, sorted by ``job_id``.

A fixed schema means an empty day and a full day write the same Parquet columns and types, so SQL
over the warehouse and the downstream assets never see a column appear or change type; sorting
means the same postings always produce the same bytes and hash.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
import pyarrow as pa

from jobintel_core.ingestion.normalization.posting import JobPosting
from jobintel_core.storage.tables import frame_of

_TS = pa.timestamp("us", tz="UTC")
# One resolved location (``ingestion.locations.Place``): what matching reads for remote regions.
PLACE_TYPE = pa.struct(
    [
        ("text", pa.string()),
        ("city", pa.string()),
        ("region", pa.string()),
        ("country_code", pa.string()),
        ("remote", pa.bool_()),
        ("remote_region", pa.string()),
    ]
)

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
        ("places", pa.list_(PLACE_TYPE)),
        ("workplace_type", pa.string()),
        ("department", pa.string()),
        ("team", pa.string()),
        ("employment_type", pa.string()),
        ("employment_type_raw", pa.string()),
        ("description_html", pa.string()),
        ("description_text", pa.string()),
        ("compensation_min", pa.float64()),
        ("compensation_max", pa.float64()),
        ("compensation_currency", pa.string()),
        ("compensation_interval", pa.string()),
        ("compensation_source", pa.string()),
        ("posted_at", _TS),
        ("source_updated_at", _TS),
        ("detail_missing", pa.bool_()),
        ("skills", pa.list_(pa.string())),
        ("role_family", pa.string()),
        ("seniority", pa.string()),
        ("years_experience", pa.int32()),
        ("remote_region", pa.string()),
        ("parser_version", pa.int32()),
        ("content_hash", pa.string()),
        ("fetched_at", _TS),
    ]
)
JOB_COLUMNS = JOBS_SCHEMA.names


def posting_row(posting: JobPosting) -> dict[str, Any]:
    row = posting.model_dump(mode="python", exclude={"compensation"})
    row["workplace_type"] = posting.workplace_type.value
    row["seniority"] = posting.seniority.value if posting.seniority else None
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
    return frame_of(table).reset_index(drop=True)
