"""The automation domain's definitions: the daily jobs, the schedule, the sensors, and how a run
executes its steps.

Every run executes its steps in one process (``in_process_executor``): a JobIntel run is a few
sequential steps that take about a second each, while Dagster's default multiprocess executor
starts a fresh Python per step that imports the code location again (and torch for embeddings).
Measured on 2 cores, one ``daily_ingest`` run through the run launcher: 28–35 s multiprocess,
see docs/operations.md for the in-process figure. Parallelism comes from running boards as
separate runs, which the run queue limits per provider and per host.
"""

from dagster import Definitions, in_process_executor

from jobintel_dagster.automation.jobs import daily_ingest, daily_rollup
from jobintel_dagster.automation.schedules import build_daily_schedule
from jobintel_dagster.automation.sensors import build_rollup_sensor, rescore_on_profile_or_state_change
from jobintel_dagster.location import LocationContext


def automation_definitions(context: LocationContext) -> Definitions:
    return Definitions(
        jobs=[daily_ingest, daily_rollup],
        schedules=[build_daily_schedule(context)],
        sensors=[build_rollup_sensor(context), rescore_on_profile_or_state_change],
        executor=in_process_executor,
    )
