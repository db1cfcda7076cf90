"""Data-quality rules for the jobs table, as plain functions the orchestration layer wraps.

Each returns ``(passed, details)`` so the same rule can back a Dagster asset check, a CLI
validation or a test, with the offending values named in ``details``.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa

from jobintel_core.ingestion.normalization.jobs_table import JOBS_SCHEMA

CheckOutcome = tuple[bool, dict[str, Any]]


def check_schema(frame: pd.DataFrame, schema: pa.Schema = JOBS_SCHEMA) -> CheckOutcome:
    """Columns in order and castable to the declared Arrow types."""
    if list(frame.columns) != schema.names:
        missing = [c for c in schema.names if c not in frame.columns]
        extra = [c for c in frame.columns if c not in schema.names]
        return False, {"missing_columns": missing, "unexpected_columns": extra}
    try:
        pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        return False, {"error": str(exc)}
    return True, {"columns": len(schema.names)}


def check_unique_ids(frame: pd.DataFrame, column: str = "job_id") -> CheckOutcome:
    duplicated = frame.loc[frame[column].duplicated(keep=False), column]
    dupes = sorted(set(duplicated))
    return not dupes, {"duplicate_count": len(dupes), "duplicates": dupes[:20]}


def check_required_text(frame: pd.DataFrame, columns: tuple[str, ...] = ("title", "url")) -> CheckOutcome:
    details: dict[str, Any] = {}
    passed = True
    for column in columns:
        empty = frame[column].isna() | (frame[column].astype("string").str.strip() == "")
        bad_ids = frame.loc[empty, "job_id"].tolist()
        details[f"empty_{column}"] = len(bad_ids)
        if bad_ids:
            passed = False
            details[f"empty_{column}_job_ids"] = bad_ids[:20]
    return passed, details
