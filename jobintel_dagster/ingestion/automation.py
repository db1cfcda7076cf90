"""The ingestion domain's job and schedule: ``daily_ingest`` and ``daily_ingest_schedule``.

``daily_ingest`` covers every date × provider asset (one run per board per day, so one board's
failure is its own). The schedule fires at ``JOBINTEL_SCHEDULE_CRON`` in ``JOBINTEL_TIMEZONE`` and
asks for one run per provider for the tick's date; the rollup follows through the history domain's
``rollup_when_ingested`` sensor, which watches the ``jobs`` asset rather than this job, so UI
backfills count too.

The run queue lets one run per provider and per ATS host execute at a time (``dagster.yaml``'s
``tag_concurrency_limits``, see ``runs.coordinator``), so boards sharing a host are fetched one
after another.
"""

from zoneinfo import ZoneInfo

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    RunRequest,
    ScheduleDefinition,
    ScheduleEvaluationContext,
    define_asset_job,
    schedule,
)

from jobintel_dagster.location import LocationContext
from jobintel_dagster.partitions import date_provider_key

DAILY_INGEST_JOB = "daily_ingest"
INGEST_ASSETS = ("raw_postings", "jobs", "job_embeddings")

daily_ingest = define_asset_job(
    DAILY_INGEST_JOB,
    selection=AssetSelection.assets(*INGEST_ASSETS),
    description="Collect, normalize and embed one board for one day (one run per date × provider).",
)


def build_daily_schedule(context: LocationContext) -> ScheduleDefinition:
    settings, partitions = context.settings, context.partitions
    timezone = ZoneInfo(settings.timezone)

    @schedule(
        name="daily_ingest_schedule",
        cron_schedule=settings.schedule_cron,
        execution_timezone=settings.timezone,
        job_name=DAILY_INGEST_JOB,
        default_status=DefaultScheduleStatus.RUNNING,
        description="Collect every board for today; one run per provider partition.",
    )
    def daily_ingest_schedule(context: ScheduleEvaluationContext):
        day = context.scheduled_execution_time.astimezone(timezone).date()
        for provider in partitions.providers.get_partition_keys():
            key = date_provider_key(day, provider)
            yield RunRequest(run_key=str(key), partition_key=key, tags={"jobintel/trigger": "schedule"})

    return daily_ingest_schedule
