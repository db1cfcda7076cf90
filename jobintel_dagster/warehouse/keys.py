"""The warehouse's asset keys and group, in a module of their own: the pipeline location (loaders)
and the warehouse location (dbt models, insights) both name them, and only the latter imports dbt."""

from dagster import AssetKey

from jobintel_core.warehouse.sources import RAW_SCHEMA, SOURCES

GROUP = "warehouse"
KEY_PREFIX = "warehouse"


def raw_table_key(table: str) -> AssetKey:
    return AssetKey([KEY_PREFIX, RAW_SCHEMA, table])


def model_key(model: str) -> AssetKey:
    return AssetKey([KEY_PREFIX, model])


LOADER_KEYS = tuple(raw_table_key(table) for table in SOURCES)
