"""The dbt models as assets (``@dbt_assets`` over ``dbt_like_sql/``), in the warehouse location.

The models are unpartitioned: each ``dbt build`` rebuilds the marts over everything loaded (seconds
on DuckDB), and dbt's tests become Dagster asset checks. dbt sources are the loader assets of the
pipeline location, which the UI draws as this graph's upstream.
"""

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, AssetKey, AssetsDefinition
from dagster_dbt import (
    DagsterDbtTranslator,
    DagsterDbtTranslatorSettings,
    DbtCliResource,
    DbtProject,
    dbt_assets,
)

from jobintel_dagster.warehouse.keys import GROUP, model_key, raw_table_key
from jobintel_dagster.warehouse.resources import WarehouseResource

PARTIAL_PARSE = "partial_parse.msgpack"


class JobIntelDbtTranslator(DagsterDbtTranslator):
    """dbt sources are our loader assets; models live under ``warehouse/`` in the ``warehouse`` group."""

    def get_asset_key(self, dbt_resource_props: Mapping[str, Any]) -> AssetKey:
        if dbt_resource_props["resource_type"] == "source":
            return raw_table_key(dbt_resource_props["name"])
        return model_key(dbt_resource_props["name"])

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        return GROUP


TRANSLATOR = JobIntelDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


def build_dbt_assets(project: DbtProject) -> AssetsDefinition:
    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        dagster_dbt_translator=TRANSLATOR,
        name="warehouse_models",
    )
    def warehouse_models(
        context: AssetExecutionContext, dbt: DbtCliResource, warehouse: WarehouseResource
    ) -> Iterator[Any]:
        # Each build's artifacts in a directory of its own, removed afterwards (dagster-dbt's default
        # leaves one per run under target/, ~1 MB a day); dbt's partial-parse state is copied in so
        # the build does not parse the project from scratch. Results and logs stay in Dagster.
        with warehouse.dbt_environment(), tempfile.TemporaryDirectory(prefix="dbt-build-") as scratch:
            state = project.target_path / PARTIAL_PARSE
            if state.exists():
                shutil.copy2(state, Path(scratch) / PARTIAL_PARSE)
            yield from dbt.cli(["build"], context=context, target_path=Path(scratch)).stream()

    return warehouse_models
