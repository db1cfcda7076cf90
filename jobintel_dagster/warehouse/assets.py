"""The warehouse's assets: one loader per raw table (daily partitions), and every dbt model.

Loaders depend on the stored asset they read (``jobs`` of every provider of the date, or the daily
rollup tables), so the UI draws the lineage Parquet → raw table → staging → marts → insights. A
loader replaces exactly its date's rows in one transaction, so rematerializing a partition (a
replay, a backfill) never duplicates or drops rows.

The dbt models are unpartitioned: each ``dbt build`` rebuilds the marts over everything loaded
(seconds on DuckDB), and dbt's tests become Dagster asset checks.
"""

import hashlib
import json
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from dagster import (
    AssetDep,
    AssetExecutionContext,
    AssetKey,
    AssetsDefinition,
    DataVersion,
    MaterializeResult,
    MetadataValue,
    asset,
)
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from jobintel_core.warehouse.loading import load_partition
from jobintel_core.warehouse.sources import RAW_SCHEMA, SOURCES, WarehouseSource
from jobintel_dagster.alerting.hooks import ASSET_HOOKS
from jobintel_dagster.lineage import column_schema
from jobintel_dagster.location import LocationContext
from jobintel_dagster.storage.resources import StorageResource
from jobintel_dagster.warehouse.resources import WarehouseResource

GROUP = "warehouse"
PARTIAL_PARSE = "partial_parse.msgpack"
KEY_PREFIX = "warehouse"


def raw_table_key(table: str) -> AssetKey:
    return AssetKey([KEY_PREFIX, RAW_SCHEMA, table])


def model_key(model: str) -> AssetKey:
    return AssetKey([KEY_PREFIX, model])


class JobIntelDbtTranslator(DagsterDbtTranslator):
    """dbt sources are our loader assets; models live under ``warehouse/`` in the ``warehouse`` group."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return raw_table_key(dbt_resource_props["name"])
        return model_key(dbt_resource_props["name"])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return GROUP


TRANSLATOR = JobIntelDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


def _loader(source: WarehouseSource, location: LocationContext) -> AssetsDefinition:
    engine = location.settings.warehouse_location.engine

    @asset(
        key=raw_table_key(source.table),
        description=f"{source.description} Loaded from the stored `{source.asset}` partitions of the date.",
        deps=[AssetDep(source.asset)],
        partitions_def=location.partitions.daily,
        group_name=GROUP,
        hooks=ASSET_HOOKS,
        code_version="1",
        kinds={engine, "pyarrow"},
        metadata=column_schema(source.schema),
    )
    def load(context: AssetExecutionContext, storage: StorageResource, warehouse: WarehouseResource):
        day = date.fromisoformat(context.partition_key)
        with warehouse.open() as opened:
            report = load_partition(storage.get_store(), opened, source, day)
        version = hashlib.sha256(json.dumps(report.objects, sort_keys=True).encode()).hexdigest()
        return MaterializeResult(
            data_version=DataVersion(version),
            metadata={
                "table": f"{RAW_SCHEMA}.{source.table}",
                "warehouse": warehouse.location.describe(),
                "dagster/row_count": report.rows,
                "replaced_rows": report.replaced,
                "loaded_from": MetadataValue.json(report.objects),
            },
        )

    return load


def build_loader_assets(context: LocationContext) -> list[AssetsDefinition]:
    return [_loader(source, context) for source in SOURCES.values()]


def build_dbt_assets(project: DbtProject) -> AssetsDefinition:
    @dbt_assets(manifest=project.manifest_path, project=project, dagster_dbt_translator=TRANSLATOR,
                name="warehouse_models")
    def warehouse_models(context: AssetExecutionContext, dbt: DbtCliResource,
                         warehouse: WarehouseResource) -> Iterator[Any]:
        # Each build's artifacts in a directory of its own, removed afterwards (dagster-dbt's default
        # leaves one per run under target/, ~1 MB a day); dbt's partial-parse state is copied in so
        # the build does not parse the project from scratch. Results and logs stay in Dagster.
        with warehouse.dbt_environment(), tempfile.TemporaryDirectory(prefix="dbt-build-") as scratch:
            state = project.target_path / PARTIAL_PARSE
            if state.exists():
                shutil.copy2(state, Path(scratch) / PARTIAL_PARSE)
            yield from dbt.cli(["build"], context=context, target_path=Path(scratch)).stream()

    return warehouse_models
