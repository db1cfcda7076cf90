"""Sensors that keep the per-date assets current without anyone watching.

``rollup_when_ingested`` follows the ``jobs`` asset, not job names, so ingests from the schedule,
from ``jobintel run`` and from UI backfills (``__ASSET_JOB`` runs) all count. Its cursor walks the
event log's planned ``jobs`` materializations; every date they touch is pending until each
provider's ``jobs`` partition of that date has been attempted and none is in progress (a failed
board counts as done: history treats it as not fetched). Then, unless ``job_history`` for the date
was materialized after the newest of those attempts (already rolled up, e.g. by ``jobintel run``),
it requests one ``daily_rollup`` run, keyed by that newest attempt: one rollup per new generation
of inputs, never a redundant one, and dates in ascending order.

``rescore_on_profile_or_state_change``: when a profile file or a user's job states change, record
an observation of the source asset that changed (its new data version, so the UI shows what is
stale) and rematerialize ``job_scores`` and ``shortlist`` for the latest stored date. The cursor
holds both fingerprints; the first evaluation only records them.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from dagster import (
    AssetKey,
    AssetObservation,
    AssetPartitionStatus,
    DagsterEventType,
    DefaultSensorStatus,
    RunRequest,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    sensor,
)

from jobintel_core.storage.keys import HISTORY, stored_dates
from jobintel_dagster.automation.jobs import DAILY_ROLLUP_JOB
from jobintel_dagster.location import LocationContext
from jobintel_dagster.matching.resources import ProfilesResource
from jobintel_dagster.matching.sources import (
    PROFILES_SOURCE,
    USER_STATE_SOURCE,
    profiles_fingerprint,
    user_state_fingerprint,
)
from jobintel_dagster.partitions import date_provider_key, split_partition_key
from jobintel_dagster.storage.resources import StorageResource

DATA_VERSION_TAG = "dagster/data_version"  # what an observation's data version is recorded under


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


@sensor(
    asset_selection=[AssetKey("job_scores"), AssetKey("shortlist")],
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.RUNNING,
)
def rescore_on_profile_or_state_change(
    context: SensorEvaluationContext, storage: StorageResource, profiles: ProfilesResource
):
    """Observes the two source assets; when either changed, rescores the latest stored date."""
    seen = {
        PROFILES_SOURCE.to_user_string(): profiles_fingerprint(Path(profiles.directory)),
        USER_STATE_SOURCE.to_user_string(): user_state_fingerprint(storage.get_store()),
    }
    cursor = json.dumps(seen, sort_keys=True)
    if context.cursor is None:
        return SensorResult(skip_reason="first evaluation: fingerprints recorded", cursor=cursor)
    before = json.loads(context.cursor)
    changed = sorted(name for name, fingerprint in seen.items() if before.get(name) != fingerprint)
    if not changed:
        return SensorResult(skip_reason="profiles and user state unchanged", cursor=cursor)
    observations = [
        AssetObservation(asset_key=AssetKey(name), tags={DATA_VERSION_TAG: seen[name]}) for name in changed
    ]
    dates = stored_dates(storage.get_store(), "shortlist")
    if not dates:
        return SensorResult(
            skip_reason="no shortlist yet to refresh", cursor=cursor, asset_events=observations
        )
    latest = dates[-1].isoformat()
    generation = hashlib.sha256(cursor.encode()).hexdigest()[:16]
    return SensorResult(
        run_requests=[
            RunRequest(
                run_key=f"rescore|{latest}|{generation}",
                partition_key=latest,
                tags={"jobintel/trigger": "profile-or-state-change"},
            )
        ],
        cursor=cursor,
        asset_events=observations,
    )
