"""The alerting domain's sensor: a run-failure alert for what no step hook sees (runs that fail
before or between steps). The hooks ride on the assets themselves (``hooks``)."""

from dagster import DefaultSensorStatus, RunFailureSensorContext, run_failure_sensor

from jobintel_core.alerting.discord import AlertError
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
    try:
        discord.post_failure(run.job_name, run.tags.get("dagster/partition"), error, run.run_id)
    except AlertError as exc:
        context.log.error(f"run failure alert not delivered: {exc}")
