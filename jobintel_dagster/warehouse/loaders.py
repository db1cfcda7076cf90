"""The warehouse's loader assets: one per raw table, daily partitions.

Loaders depend on the stored asset they read (``jobs`` of every provider of the date, or the daily
rollup tables), so the UI draws the lineage Parquet → raw table → staging → marts → insights. A
loader replaces exactly its date's rows in one transaction, so rematerializing a partition (a
replay, a backfill) never duplicates or drops rows. They run in the daily rollup, in the pipeline's
code location; the dbt models that read these tables live in the warehouse location (``models``).
"""

import hashlib
import json
from datetime import date

from dagster import (
    AssetDep,
    AssetExecutionContext,
    AssetsDefinition,
    DataVersion,
    MaterializeResult,
    MetadataValue,
    asset,
)

from jobintel_core.warehouse.loading import load_partition
from jobintel_core.warehouse.sources import RAW_SCHEMA, SOURCES, WarehouseSource
from jobintel_dagster.alerting.hooks import ASSET_HOOKS
from jobintel_dagster.lineage import column_schema
from jobintel_dagster.location import LocationContext
from jobintel_dagster.storage.resources import StorageResource
from jobintel_dagster.warehouse.keys import GROUP, raw_table_key
from jobintel_dagster.warehouse.resources import WarehouseResource


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
