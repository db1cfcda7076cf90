"""The warehouse domain's definitions: loader assets, the dbt models, the warehouse and dbt resources."""

from dagster import Definitions

from jobintel_dagster.location import LocationContext
from jobintel_dagster.warehouse.assets import build_dbt_assets, build_loader_assets
from jobintel_dagster.warehouse.project import dbt_resource, jobintel_dbt_project
from jobintel_dagster.warehouse.resources import WarehouseResource


def warehouse_definitions(context: LocationContext) -> Definitions:
    project = jobintel_dbt_project(context.settings.dbt_project_dir)
    location = context.settings.warehouse_location
    return Definitions(
        assets=[*build_loader_assets(context), build_dbt_assets(project)],
        resources={
            "warehouse": WarehouseResource(url=context.settings.warehouse_url),
            "dbt": dbt_resource(project, location.dbt_target()),
        },
    )
