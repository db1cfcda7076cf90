"""Reading warehouse tables for comparisons: rows in a canonical order with values normalized, so
DuckDB and PostgreSQL (which return timestamps vs dates, HUGEINT vs NUMERIC) compare equal."""

from __future__ import annotations

import decimal
from datetime import date, datetime

import numpy as np
import pandas as pd

from jobintel_core.storage.tables import frame_hash
from jobintel_core.warehouse.engines import Warehouse

MARTS = (
    "weekly_job_versions",
    "hiring_velocity",
    "role_families_weekly",
    "skill_trends",
    "pay_bands",
    "remote_share",
    "time_to_close",
    "profile_scores_weekly",
    "profile_matches",
    "feedback_funnel",
    "profile_conversion",
)


def _value(v):
    if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NaT:
        return None
    if isinstance(v, (bool, np.bool_)):
        return bool(v)
    if isinstance(v, (int, float, decimal.Decimal, np.integer, np.floating)):
        return round(float(v), 9)
    if isinstance(v, (pd.Timestamp, datetime)):
        return v.date().isoformat() if v == pd.Timestamp(v).normalize() else pd.Timestamp(v).isoformat()
    if isinstance(v, date):
        return v.isoformat()
    return v


def canonical(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.apply(lambda column: column.map(_value)).astype(object)
    return frame.sort_values(list(frame.columns), key=lambda c: c.astype(str)).reset_index(drop=True)


def table_rows(warehouse: Warehouse, table: str, where: str = "") -> pd.DataFrame:
    return canonical(warehouse.query(f"select * from {table} {where}"))


def table_hash(warehouse: Warehouse, table: str, where: str = "") -> str:
    return frame_hash(table_rows(warehouse, table, where))
