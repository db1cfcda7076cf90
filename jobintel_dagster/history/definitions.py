"""The history domain's definitions: ``job_history`` / ``job_changes``, their check, and the
retention job (``automation``)."""

from dagster import Definitions

from jobintel_dagster.history.assets import build_history_assets
from jobintel_dagster.history.automation import build_retention_job
from jobintel_dagster.location import LocationContext


def history_definitions(context: LocationContext) -> Definitions:
    return Definitions(assets=build_history_assets(context), jobs=[build_retention_job(context)])
