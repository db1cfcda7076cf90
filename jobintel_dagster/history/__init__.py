"""History domain: identity across days, de-duplication, changes, user state, retention."""

from dagster import AssetSelection, Definitions, define_asset_job

from jobintel_core.settings import Settings
from jobintel_dagster.history.assets import build_history_assets
from jobintel_dagster.history.retention import build_retention_job
from jobintel_dagster.partitions import JobIntelPartitions


DAILY_HISTORY_JOB = "daily_history"


def history_definitions(partitions: JobIntelPartitions, settings: Settings) -> Definitions:
    assets = build_history_assets(partitions, settings.close_after_misses)
    job = define_asset_job(
        DAILY_HISTORY_JOB,
        selection=AssetSelection.assets(*assets),
        description="Fold one day of every provider's jobs into job_history and job_changes.",
    )
    return Definitions(assets=assets, jobs=[job, build_retention_job(settings)])
