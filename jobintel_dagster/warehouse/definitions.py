"""The warehouse domain's definitions in the pipeline location: the loader assets, the
``daily_rollup`` job that runs them after history and matching and its sensor (``automation`` says
why the rollup lives here), and the warehouse resource. (The dbt side is the warehouse location's:
``model_definitions``.)"""

from dagster import Definitions

from jobintel_dagster.location import LocationContext
from jobintel_dagster.warehouse.automation import build_rollup_sensor, daily_rollup
from jobintel_dagster.warehouse.loaders import build_loader_assets
from jobintel_dagster.warehouse.resources import warehouse_resource


def warehouse_loader_definitions(context: LocationContext) -> Definitions:
    return Definitions(
        assets=build_loader_assets(context),
        jobs=[daily_rollup],
        sensors=[build_rollup_sensor(context)],
        resources={"warehouse": warehouse_resource(context.settings)},
    )
