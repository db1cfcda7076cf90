"""A stored ``job_history`` day built from a bundled capture with the core alone (no Dagster, no model):
enough for the commands that read history, in tests and benchmarks."""

from datetime import date
from pathlib import Path

import pyarrow as pa

from jobintel_core.config.registry import load_registry
from jobintel_core.config.settings import DEFAULT_REGISTRY, DEFAULT_SNAPSHOT_DIR
from jobintel_core.history.tracking import HISTORY_SCHEMA, update_history
from jobintel_core.ingestion.acquisition.captures import find_snapshot
from jobintel_core.ingestion.ats import family_for
from jobintel_core.ingestion.normalization.jobs_table import jobs_frame
from jobintel_core.storage.keys import HISTORY, table_key
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.storage.tables import parquet_bytes


def store_history(storage_dir: Path, day: date, provider: str = "northwind") -> list[str]:
    """Write ``job_history/<day>.parquet`` for one bundled board; returns its job ids."""
    entry = load_registry(DEFAULT_REGISTRY).get(provider)
    capture = find_snapshot(DEFAULT_SNAPSHOT_DIR, provider, day)
    postings = family_for(entry.ats).parse(capture.load(), entry, capture.captured_at).postings
    history, _ = update_history(None, jobs_frame(postings), [provider], day)
    table = pa.Table.from_pandas(history, schema=HISTORY_SCHEMA, preserve_index=False)
    LocalObjectStore(storage_dir).put(table_key(HISTORY, day.isoformat()), parquet_bytes(table))
    return list(history["job_id"])
