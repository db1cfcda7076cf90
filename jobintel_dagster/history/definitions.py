"""The history domain's definitions: ``job_history`` / ``job_changes`` and the retention job."""

from dagster import Definitions

from jobintel_dagster.history.assets import build_history_assets
from jobintel_dagster.history.retention import build_retention_job
from jobintel_dagster.location import LocationContext


def history_definitions(context: LocationContext) -> Definitions:
    return Definitions(assets=build_history_assets(context), jobs=[build_retention_job(context)])
