"""The insights domain's job and schedule: ``weekly_insights`` and ``weekly_insights_schedule``.

The schedule builds the week that just ended (Monday morning by default). Insights runs carry the
rollup's serial tag (``warehouse.automation.ROLLUP_TAG``): they read the warehouse, and an embedded
DuckDB file cannot be opened while another process writes it.
"""

from datetime import timedelta
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

from jobintel_core.config.settings import Settings
from jobintel_core.insights.report import week_of
from jobintel_dagster.insights.assets import GROUP
from jobintel_dagster.warehouse.automation import ROLLUP_TAG

WEEKLY_INSIGHTS_JOB = "weekly_insights"

weekly_insights = define_asset_job(
    WEEKLY_INSIGHTS_JOB,
    selection=AssetSelection.groups(GROUP),
    description="The week's market and every profile's report.",
    tags={ROLLUP_TAG: "serial"},
)


def build_weekly_schedule(settings: Settings) -> ScheduleDefinition:
    timezone = ZoneInfo(settings.timezone)

    @schedule(
        name="weekly_insights_schedule",
        cron_schedule=settings.insights_schedule_cron,
        execution_timezone=settings.timezone,
        job_name=WEEKLY_INSIGHTS_JOB,
        default_status=DefaultScheduleStatus.RUNNING,
        description="The insights of the week that just ended.",
    )
    def weekly_insights_schedule(context: ScheduleEvaluationContext):
        ended = week_of(context.scheduled_execution_time.astimezone(timezone).date() - timedelta(days=7))
        yield RunRequest(
            run_key=f"insights|{ended}",
            partition_key=ended.isoformat(),
            tags={"jobintel/trigger": "schedule"},
        )

    return weekly_insights_schedule
