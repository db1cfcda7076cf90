"""The insights domain's definitions (warehouse location): the two weekly assets, their job and
schedule, the AI resource and the profiles they report on.

The schedule builds the week that just ended (Monday morning by default). Insights runs carry the
rollup's serial tag: they read the warehouse, and an embedded DuckDB file cannot be opened while
another process writes it.
"""

import os
from datetime import timedelta
from zoneinfo import ZoneInfo

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    Definitions,
    EnvVar,
    RunRequest,
    ScheduleEvaluationContext,
    define_asset_job,
    schedule,
)

from jobintel_core.config.settings import AI_KEY_ENV
from jobintel_core.insights.report import week_of
from jobintel_dagster.automation.jobs import ROLLUP_TAG
from jobintel_dagster.insights.assets import GROUP, build_insights_assets
from jobintel_dagster.insights.resources import AiResource
from jobintel_dagster.location import LocationContext
from jobintel_dagster.matching.resources import profiles_resource

WEEKLY_INSIGHTS_JOB = "weekly_insights"


def insights_definitions(context: LocationContext) -> Definitions:
    settings = context.settings
    timezone = ZoneInfo(settings.timezone)
    weekly_insights = define_asset_job(
        WEEKLY_INSIGHTS_JOB,
        selection=AssetSelection.groups(GROUP),
        description="The week's market and every profile's report.",
        tags={ROLLUP_TAG: "serial"},
    )

    @schedule(
        name="weekly_insights_schedule",
        cron_schedule=settings.insights_schedule_cron,
        execution_timezone=settings.timezone,
        job=weekly_insights,
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

    return Definitions(
        assets=build_insights_assets(context),
        jobs=[weekly_insights],
        schedules=[weekly_insights_schedule],
        resources={
            "profiles": profiles_resource(settings),
            "ai": AiResource(
                base_url=settings.ai_url,
                model=settings.ai_model,
                timeout_s=settings.ai_timeout_s,
                token_budget=settings.ai_token_budget,
                # A secret: passed as EnvVar so Dagster shows the variable's name, not its value.
                api_key=EnvVar(AI_KEY_ENV) if os.environ.get(AI_KEY_ENV) else "",
            ),
        },
    )
