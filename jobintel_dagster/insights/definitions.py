"""The insights domain's definitions (warehouse location): the two weekly assets, their job and
schedule (``automation``), the AI resource and the profiles they report on."""

from dagster import Definitions

from jobintel_dagster.insights.assets import build_insights_assets
from jobintel_dagster.insights.automation import build_weekly_schedule, weekly_insights
from jobintel_dagster.insights.resources import ai_resource
from jobintel_dagster.location import LocationContext
from jobintel_dagster.matching.resources import profiles_resource


def insights_definitions(context: LocationContext) -> Definitions:
    settings = context.settings
    return Definitions(
        assets=build_insights_assets(context),
        jobs=[weekly_insights],
        schedules=[build_weekly_schedule(settings)],
        resources={
            "profiles": profiles_resource(settings),
            "ai": ai_resource(settings),
        },
    )
