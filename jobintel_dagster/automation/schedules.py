"""The daily schedule: at ``JOBINTEL_SCHEDULE_CRON`` in ``JOBINTEL_TIMEZONE``, one ``daily_ingest``
run per provider for the tick's date. The rollup follows through ``sensors.rollup_when_ingested``.

The run queue tags each run with its provider and host (``runs.coordinator``) and lets one run per
value execute at a time, so boards sharing an ATS host are fetched one after another."""

from zoneinfo import ZoneInfo

from dagster import DefaultScheduleStatus, RunRequest, ScheduleDefinition, ScheduleEvaluationContext, schedule

from jobintel_dagster.automation.jobs import DAILY_INGEST_JOB
from jobintel_dagster.location import LocationContext
from jobintel_dagster.partitions import date_provider_key


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
