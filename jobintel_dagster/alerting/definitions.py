"""The alerting domain's definitions: the Discord resource and the run-failure sensor (the hooks
ride on the assets themselves, see ``hooks``)."""

import os

from dagster import Definitions, EnvVar

from jobintel_core.config.settings import WEBHOOK_ENV
from jobintel_dagster.alerting.resources import DiscordResource
from jobintel_dagster.alerting.sensors import alert_run_failure
from jobintel_dagster.location import LocationContext


def alerting_definitions(context: LocationContext) -> Definitions:
    settings = context.settings
    return Definitions(
        sensors=[alert_run_failure],
        resources={
            "discord": DiscordResource(
                # The URL is a secret: passed as EnvVar so Dagster shows the variable's name, not its value.
                webhook_url=EnvVar(WEBHOOK_ENV) if os.environ.get(WEBHOOK_ENV) else "",
                min_score=settings.alert_min_score,
                always_summary=settings.alert_always_summary,
                insights_summary=settings.insights_to_discord,
                webserver_url=settings.webserver_url,
            )
        },
    )
