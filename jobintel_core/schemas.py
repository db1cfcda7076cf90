"""Arrow schemas by table (asset) name.

The Parquet writer looks tables up here so an empty partition keeps its columns and types, and
SQL over the warehouse never sees a column appear or change type from one day to the next.
"""

from __future__ import annotations

import pyarrow as pa

from jobintel_core.embeddings import EMBEDDINGS_SCHEMA
from jobintel_core.history import CHANGES_SCHEMA, HISTORY_SCHEMA
from jobintel_core.scoring import SCORES_SCHEMA
from jobintel_core.shortlist import SHORTLIST_SCHEMA
from jobintel_core.tables import JOBS_SCHEMA

TABLE_SCHEMAS: dict[str, pa.Schema] = {
    "jobs": JOBS_SCHEMA,
    "job_history": HISTORY_SCHEMA,
    "job_changes": CHANGES_SCHEMA,
    "job_embeddings": EMBEDDINGS_SCHEMA,
    "job_index": pa.schema([("job_id", pa.string()), ("vector", pa.list_(pa.float32()))]),
    "job_scores": SCORES_SCHEMA,
    "shortlist": SHORTLIST_SCHEMA,
}
