"""Dagster's own lineage for our outputs: content hashes as data versions, Arrow schemas as column schemas.

Every asset reports its output's ``content_hash`` both as metadata (what ``jobintel replay`` and the
``reproducible`` check compare) and as its ``DataVersion``, so the UI shows which partitions are
stale and which input versions each was built from. Table assets declare their Arrow schema as
``dagster/column_schema`` on the definition, so the catalog shows columns before anything runs.
"""

import warnings
from collections.abc import Mapping
from typing import Any

import pyarrow as pa
from dagster import (
    AssetKey,
    AssetRecordsFilter,
    BetaWarning,
    DagsterInstance,
    DataVersion,
    Output,
    TableColumn,
    TableSchema,
)

CONTENT_HASH = "content_hash"
# ``Output(data_version=...)`` is marked beta in 1.13; we rely on it knowingly (the data version is
# our own content hash, so a change in Dagster's handling cannot change what we store). Without
# this filter every materialization prints the same warning on stderr.
warnings.filterwarnings("ignore", message="Parameter `data_version`", category=BetaWarning)


def column_schema(schema: pa.Schema) -> dict[str, TableSchema]:
    """Definition metadata declaring a table's columns and Arrow types."""
    return {
        "dagster/column_schema": TableSchema(
            columns=[TableColumn(name=f.name, type=str(f.type)) for f in schema]
        )
    }


def versioned_output(
    value: Any, content_hash: str, metadata: dict[str, Any], output_name: str = "result"
) -> Output:
    """``value`` with its content hash as metadata and as its data version."""
    return Output(
        value,
        output_name=output_name,
        data_version=DataVersion(content_hash),
        metadata={**metadata, CONTENT_HASH: content_hash},
    )


def metadata_values(metadata: Mapping[str, Any]) -> dict[str, Any]:
    """Recorded metadata as plain Python values (``MetadataValue.json([...])`` → ``[...]``)."""
    return {key: getattr(value, "value", value) for key, value in metadata.items()}


def last_materialization_metadata(
    instance: DagsterInstance, asset: str, partition: str
) -> dict[str, Any] | None:
    """The plain metadata of an asset partition's latest materialization (None if never materialized)."""
    records = instance.fetch_materializations(
        AssetRecordsFilter(asset_key=AssetKey(asset), asset_partitions=[partition]), limit=1
    ).records
    materialization = records[0].asset_materialization if records else None
    return metadata_values(materialization.metadata) if materialization else None


def recorded_content_hash(instance: DagsterInstance, asset: str, partition: str) -> str | None:
    """The content hash an asset partition's latest materialization recorded: an input's version
    without hashing the input again (a 2,000-board day's history took ~3.5 s to hash)."""
    value = (last_materialization_metadata(instance, asset, partition) or {}).get(CONTENT_HASH)
    return str(value) if value else None
