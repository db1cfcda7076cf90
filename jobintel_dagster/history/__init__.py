"""History domain: identity across days, de-duplication, changes, user state, retention."""

from dagster import Definitions

from jobintel_core.settings import Settings
from jobintel_dagster.history.assets import build_history_assets
from jobintel_dagster.history.retention import build_retention_job
from jobintel_dagster.partitions import JobIntelPartitions


def history_definitions(partitions: JobIntelPartitions, settings: Settings) -> Definitions:
    return Definitions(
        assets=build_history_assets(partitions, settings.close_after_misses),
        jobs=[build_retention_job(settings)],
    )
