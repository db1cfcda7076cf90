"""The warehouse domain's definitions in the pipeline location: the loader assets the daily rollup
runs, and the warehouse resource. (The dbt side is the warehouse location's: ``model_definitions``.)"""

from dagster import Definitions

from jobintel_dagster.location import LocationContext
from jobintel_dagster.warehouse.loaders import build_loader_assets
from jobintel_dagster.warehouse.resources import warehouse_resource


def warehouse_loader_definitions(context: LocationContext) -> Definitions:
    return Definitions(
        assets=build_loader_assets(context),
        resources={"warehouse": warehouse_resource(context.settings)},
    )
