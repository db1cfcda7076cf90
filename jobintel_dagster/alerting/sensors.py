"""A run-failure sensor for what no step hook sees: runs that fail before or between steps."""

import httpx
from dagster import DefaultSensorStatus, RunFailureSensorContext, run_failure_sensor

from jobintel_core.alerting.discord import AlertError, redact
from jobintel_core.alerting.messages import failure_message
from jobintel_dagster.alerting.resources import DiscordResource


@run_failure_sensor(default_status=DefaultSensorStatus.RUNNING, minimum_interval_seconds=60)
def alert_run_failure(context: RunFailureSensorContext, discord: DiscordResource) -> None:
    if not discord.enabled:
        return
    run = context.dagster_run
    step_failures = context.get_step_failure_events()
    if step_failures:
        return  # the asset's failure hook already alerted with the step's error
    error = context.failure_event.message or "run failed"
    message = failure_message(
        run.job_name,
        run.tags.get("dagster/partition"),
        redact(error, [discord.webhook_url]),
        discord.run_url(run.run_id),
    )
    with httpx.Client() as client:
        try:
            discord.webhook(client).post(message)
        except AlertError as exc:
            context.log.error(f"run failure alert not delivered: {exc}")
