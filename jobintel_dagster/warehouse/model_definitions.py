"""The warehouse domain's definitions in the warehouse location: the dbt models, the
``warehouse_build`` job and its sensor, the dbt and warehouse resources."""

from dagster import Definitions

from jobintel_dagster.location import LocationContext
from jobintel_dagster.warehouse.automation import build_warehouse_sensor, warehouse_build
from jobintel_dagster.warehouse.models import build_dbt_assets
from jobintel_dagster.warehouse.project import dbt_resource, jobintel_dbt_project
from jobintel_dagster.warehouse.resources import warehouse_resource


def warehouse_model_definitions(context: LocationContext) -> Definitions:
    project = jobintel_dbt_project(context.settings.dbt_project_dir)
    return Definitions(
        assets=[build_dbt_assets(project)],
        jobs=[warehouse_build],
        sensors=[build_warehouse_sensor()],
        resources={
            "warehouse": warehouse_resource(context.settings),
            "dbt": dbt_resource(project, context.settings.warehouse_location.dbt_target()),
        },
    )
