"""The warehouse location's job and sensor: ``warehouse_build`` (dbt) after the rollups load.

dbt runs over everything loaded after rollups, not inside each one, so a backfill of 30 dates builds
the marts a few times, not 30. Builds carry the rollup's serial tag: an embedded DuckDB file takes
one writer at a time. The sensor reads the instance's event log, so it sees loads recorded by the
pipeline location (rollups, backfills, replays) and by ``jobintel run`` alike.
"""

from dagster import (
    AssetRecordsFilter,
    AssetSelection,
    DagsterRunStatus,
    DefaultSensorStatus,
    RunRequest,
    RunsFilter,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    define_asset_job,
    sensor,
)

from jobintel_dagster.automation.jobs import ROLLUP_TAG
from jobintel_dagster.warehouse.keys import GROUP, LOADER_KEYS

WAREHOUSE_BUILD_JOB = "warehouse_build"
UNFINISHED = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
]

warehouse_build = define_asset_job(
    WAREHOUSE_BUILD_JOB,
    selection=AssetSelection.groups(GROUP) - AssetSelection.assets(*LOADER_KEYS),
    description="dbt build: the warehouse's staging views and marts, and dbt's tests as asset checks.",
    tags={ROLLUP_TAG: "serial"},
)


def build_warehouse_sensor() -> SensorDefinition:
    @sensor(
        job_name=WAREHOUSE_BUILD_JOB, minimum_interval_seconds=60, default_status=DefaultSensorStatus.RUNNING
    )
    def build_warehouse_when_loaded(context: SensorEvaluationContext) -> SensorResult:
        """After any run loads the warehouse (rollup, backfill, replay), one ``dbt build``. Loads that
        land while a build is queued or running wait for the next one, so a 30-date backfill builds
        the marts a few times, not 30."""
        instance = context.instance
        newest = 0
        for key in LOADER_KEYS:
            records = instance.fetch_materializations(AssetRecordsFilter(asset_key=key), limit=1).records
            newest = max([newest, *(r.storage_id for r in records)])
        built = int(context.cursor or 0)
        if newest <= built:
            return SensorResult(skip_reason="nothing loaded since the last build")
        pending = instance.get_run_records(
            RunsFilter(job_name=WAREHOUSE_BUILD_JOB, statuses=UNFINISHED), limit=1
        )
        if pending:
            return SensorResult(
                skip_reason=f"a build is already queued or running ({pending[0].dagster_run.run_id})"
            )
        return SensorResult(
            run_requests=[RunRequest(run_key=f"warehouse|{newest}", tags={"jobintel/trigger": "sensor"})],
            cursor=str(newest),
        )

    return build_warehouse_when_loaded
