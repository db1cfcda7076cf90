"""The automation domain's definitions: the daily jobs, the schedule and the sensors."""

from dagster import Definitions

from jobintel_dagster.automation.jobs import daily_ingest, daily_rollup
from jobintel_dagster.automation.schedules import build_daily_schedule
from jobintel_dagster.automation.sensors import build_rollup_sensor, rescore_on_profile_or_state_change
from jobintel_dagster.location import LocationContext


def automation_definitions(context: LocationContext) -> Definitions:
    return Definitions(
        jobs=[daily_ingest, daily_rollup],
        schedules=[build_daily_schedule(context)],
        sensors=[build_rollup_sensor(context), rescore_on_profile_or_state_change],
    )
