"""The jobs and sensors that carry a day from the boards' ``jobs`` into the warehouse.

- ``daily_rollup`` (pipeline location) folds one date of every board into history, changes, the
  index, scores and shortlists, and loads the date into the warehouse. ``rollup_when_ingested``
  launches it once every board of a date has been attempted.
- ``warehouse_build`` (warehouse location) runs dbt over everything loaded since the last build;
  ``build_warehouse_when_loaded`` launches it.

Why the rollup lives here, in the warehouse domain, though it starts in history: it is the domain
whose assets the rollup materializes last (the loaders), and the highest layer it touches
(history < matching < warehouse). Kept here, no lower domain imports an upper one, and the one
rule the rollup and the dbt build share, ``ROLLUP_TAG``, sits beside both.

``ROLLUP_TAG``: the run queue runs one run with this tag at a time (``dagster.yaml``), for two
reasons: a day's history starts from the previous day's, so two dates must never fold at once; and
an embedded DuckDB warehouse takes one writer at a time (the dbt build, and the weekly insights
that read it, carry it too). The queue starts runs in submission order, and a backfill of the job
(from the Jobs page), the rollup sensor and ``jobintel run --from`` all submit dates in ascending
order, so dates run in order. (An asset backfill from the catalog orders dates by itself:
``job_history`` depends on its previous day.)

Both sensors read the instance's event log, not job names: ingests and loads recorded by the
schedule, ``jobintel run``, UI backfills (``__ASSET_JOB`` runs) and replays all count.
"""

import json
from dataclasses import dataclass

from dagster import (
    AssetKey,
    AssetPartitionStatus,
    AssetRecordsFilter,
    AssetSelection,
    DagsterEventType,
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

from jobintel_core.storage.keys import HISTORY
from jobintel_dagster.location import LocationContext
from jobintel_dagster.partitions import date_provider_key, split_partition_key
from jobintel_dagster.warehouse.keys import GROUP, LOADER_KEYS

DAILY_ROLLUP_JOB = "daily_rollup"
WAREHOUSE_BUILD_JOB = "warehouse_build"
ROLLUP_TAG = "jobintel/rollup"
ROLLUP_ASSETS = (
    "job_history",
    "job_changes",
    "job_index",
    "job_scores",
    "ratings",
    "outcomes",
    "preference_model",
    "shortlist",
    "impressions",
)
UNFINISHED = [
    DagsterRunStatus.QUEUED,
    DagsterRunStatus.NOT_STARTED,
    DagsterRunStatus.STARTING,
    DagsterRunStatus.STARTED,
]

daily_rollup = define_asset_job(
    DAILY_ROLLUP_JOB,
    selection=AssetSelection.assets(*ROLLUP_ASSETS) | AssetSelection.assets(*LOADER_KEYS),
    description="Fold a day of every board into history, changes, the index, scores and shortlists, and "
    "load the day into the warehouse.",
    tags={ROLLUP_TAG: "serial"},
)

warehouse_build = define_asset_job(
    WAREHOUSE_BUILD_JOB,
    selection=AssetSelection.groups(GROUP) - AssetSelection.assets(*LOADER_KEYS),
    description="dbt build: the warehouse's staging views and marts, and dbt's tests as asset checks.",
    tags={ROLLUP_TAG: "serial"},
)


@dataclass(frozen=True)
class RollupCursor:
    """The last event-log id seen of a planned ``jobs`` materialization, and the dates still waiting."""

    after: int = 0
    pending: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: str | None) -> "RollupCursor":
        if not raw:
            return cls()
        document = json.loads(raw)
        return cls(int(document.get("after", 0)), tuple(document.get("pending", ())))

    def dump(self) -> str:
        return json.dumps({"after": self.after, "pending": sorted(self.pending)})


def build_rollup_sensor(context: LocationContext) -> SensorDefinition:
    """``rollup_when_ingested``. Its cursor walks the event log's planned ``jobs`` materializations;
    every date they touch is pending until each provider's ``jobs`` partition of that date has been
    attempted and none is in progress (a failed board counts as done: history treats it as not
    fetched). Then, unless ``job_history`` for the date was materialized after the newest of those
    attempts (already rolled up, e.g. by ``jobintel run``), it requests one ``daily_rollup`` run,
    keyed by that newest attempt: one rollup per new generation of inputs, never a redundant one,
    and dates in ascending order."""
    partitions = context.partitions
    jobs_key, history_key = AssetKey("jobs"), AssetKey(HISTORY)

    @sensor(
        job_name=DAILY_ROLLUP_JOB, minimum_interval_seconds=60, default_status=DefaultSensorStatus.RUNNING
    )
    def rollup_when_ingested(context: SensorEvaluationContext) -> SensorResult:
        instance = context.instance
        cursor = RollupCursor.parse(context.cursor)
        # Every jobs partition planned (by any run: schedule, CLI, UI backfill) since the last tick.
        planned = instance.get_latest_storage_id_by_partition(
            jobs_key, DagsterEventType.ASSET_MATERIALIZATION_PLANNED, after_cursor=cursor.after or None
        )
        touched = {split_partition_key(key)[0].isoformat() for key in planned}
        providers = partitions.providers.get_partition_keys()
        requests, waiting = [], []
        for day in sorted(set(cursor.pending) | touched):
            keys = [str(date_provider_key(day, p)) for p in providers]
            status = instance.get_status_by_partition(jobs_key, keys, partitions.daily_by_provider) or {}
            if any(status.get(k) in (None, AssetPartitionStatus.IN_PROGRESS) for k in keys):
                waiting.append(day)  # a board not attempted yet, or still running
                continue
            newest = max(
                instance.get_latest_storage_id_by_partition(
                    jobs_key, DagsterEventType.ASSET_MATERIALIZATION_PLANNED, set(keys)
                ).values(),
                default=0,
            )
            rolled = instance.get_latest_storage_id_by_partition(
                history_key, DagsterEventType.ASSET_MATERIALIZATION, {day}
            ).get(day, 0)
            if rolled > newest:
                continue  # already folded after the newest ingest of the date
            requests.append(
                RunRequest(
                    run_key=f"rollup|{day}|{newest}", partition_key=day, tags={"jobintel/trigger": "sensor"}
                )
            )
        next_cursor = RollupCursor(max([cursor.after, *planned.values()]), tuple(waiting)).dump()
        if requests:
            return SensorResult(run_requests=requests, cursor=next_cursor)
        reason = (
            f"waiting for every provider of {', '.join(waiting)}" if waiting else "no new ingest to roll up"
        )
        return SensorResult(skip_reason=reason, cursor=next_cursor)

    return rollup_when_ingested


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
