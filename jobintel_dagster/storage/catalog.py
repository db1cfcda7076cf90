"""Every stored table by asset name: its Arrow schema and the columns that identify a row.

The Parquet writer looks schemas up here so an empty partition keeps its columns and types (SQL
over the warehouse never sees a column appear or change type); replay diffs rows by the row key.
Each domain owns its schema; this module only lists them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyarrow as pa

from jobintel_core.feedback.blend import BLENDED_SHORTLIST_SCHEMA, IMPRESSIONS_SCHEMA
from jobintel_core.feedback.events import OUTCOMES_SCHEMA, RATINGS_SCHEMA
from jobintel_core.feedback.training import PREFERENCE_SCHEMA
from jobintel_core.history.tracking import CHANGES_SCHEMA, HISTORY_SCHEMA
from jobintel_core.ingestion.normalization.jobs_table import JOBS_SCHEMA
from jobintel_core.matching.embeddings.embedding_cache import EMBEDDINGS_SCHEMA, INDEX_SCHEMA
from jobintel_core.matching.scoring.scorer import SCORES_SCHEMA


@dataclass(frozen=True)
class TableSpec:
    schema: pa.Schema
    row_key: tuple[str, ...]


TABLES: dict[str, TableSpec] = {
    "jobs": TableSpec(JOBS_SCHEMA, ("job_id",)),
    "job_history": TableSpec(HISTORY_SCHEMA, ("job_id",)),
    "job_changes": TableSpec(CHANGES_SCHEMA, ("job_id", "change")),
    "job_embeddings": TableSpec(EMBEDDINGS_SCHEMA, ("job_id",)),
    "job_index": TableSpec(INDEX_SCHEMA, ("job_id",)),
    "job_scores": TableSpec(SCORES_SCHEMA, ("profile", "job_id")),
    "shortlist": TableSpec(BLENDED_SHORTLIST_SCHEMA, ("profile", "job_id")),
    "ratings": TableSpec(RATINGS_SCHEMA, ("profile", "seq")),
    "outcomes": TableSpec(OUTCOMES_SCHEMA, ("profile", "job_id", "step")),
    "preference_model": TableSpec(PREFERENCE_SCHEMA, ("profile",)),
    "impressions": TableSpec(IMPRESSIONS_SCHEMA, ("profile", "surface", "job_id")),
}
