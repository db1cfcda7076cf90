"""The alerting domain's definitions: the Discord, e-mail and Apprise resources and the run-failure
sensor (the hooks ride on the assets themselves, see ``hooks``)."""

import os

from dagster import Definitions, EnvVar

from jobintel_core.config.settings import APPRISE_URLS_ENV, SMTP_PASSWORD_ENV, WEBHOOK_ENV
from jobintel_dagster.alerting.automation import alert_run_failure
from jobintel_dagster.alerting.resources import AppriseResource, DiscordResource, EmailResource
from jobintel_dagster.location import LocationContext


def _secret(env: str) -> EnvVar | str:
    """A secret passed as ``EnvVar``, so Dagster shows the variable's name, not its value."""
    return EnvVar(env) if os.environ.get(env) else ""


def alerting_definitions(context: LocationContext) -> Definitions:
    settings = context.settings
    return Definitions(
        sensors=[alert_run_failure],
        resources={
            "discord": DiscordResource(
                webhook_url=_secret(WEBHOOK_ENV),
                min_score=settings.alert_min_score,
                always_summary=settings.alert_always_summary,
                insights_summary=settings.insights_to_discord,
                webserver_url=settings.webserver_url,
            ),
            "email": EmailResource(
                host=settings.smtp_host,
                port=settings.smtp_port,
                security=settings.smtp_security,
                username=settings.smtp_user,
                password=_secret(SMTP_PASSWORD_ENV),
                sender=settings.smtp_from,
            ),
            "apprise": AppriseResource(urls=_secret(APPRISE_URLS_ENV)),
        },
    )
