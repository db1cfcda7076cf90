"""Sensors that keep the per-date assets current without anyone watching.

``rollup_when_ingested``: once every provider of a date has a finished ``daily_ingest`` run (a
failed board counts: history treats it as not fetched), launch ``daily_rollup`` for that date. The
run key names the set of ingest runs it follows, so re-ingesting a board triggers one new rollup.

``rescore_on_profile_or_state_change``: when a profile file or a user's job states change, record
an observation of the source asset that changed (its new data version, so the UI shows what is
stale) and rematerialize ``job_scores`` and ``shortlist`` for the latest stored date. The cursor
holds both fingerprints; the first evaluation only records them.
"""

import hashlib
import json
from pathlib import Path

from dagster import (
    AssetKey,
    AssetObservation,
    DagsterRunStatus,
    DefaultSensorStatus,
    RunRequest,
    RunsFilter,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from jobintel_core.storage.keys import stored_dates
from jobintel_dagster.automation.jobs import DAILY_INGEST_JOB, DAILY_ROLLUP_JOB
from jobintel_dagster.location import LocationContext
from jobintel_dagster.matching.resources import ProfilesResource
from jobintel_dagster.matching.sources import (
    PROFILES_SOURCE,
    USER_STATE_SOURCE,
    profiles_fingerprint,
    user_state_fingerprint,
)
from jobintel_dagster.partitions import DATE_DIMENSION, PROVIDER_DIMENSION
from jobintel_dagster.storage.resources import StorageResource

UNFINISHED = [DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
              DagsterRunStatus.STARTED]
DATE_TAG = f"dagster/partition/{DATE_DIMENSION}"
PROVIDER_TAG = f"dagster/partition/{PROVIDER_DIMENSION}"
DATA_VERSION_TAG = "dagster/data_version"  # what an observation's data version is recorded under
_RECENT_RUNS = 500
_DATES_WATCHED = 3


def build_rollup_sensor(context: LocationContext) -> SensorDefinition:
    partitions = context.partitions

    @sensor(job_name=DAILY_ROLLUP_JOB, minimum_interval_seconds=60, default_status=DefaultSensorStatus.RUNNING)
    def rollup_when_ingested(context: SensorEvaluationContext):
        providers = set(partitions.providers.get_partition_keys())
        runs = context.instance.get_runs(RunsFilter(job_name=DAILY_INGEST_JOB), limit=_RECENT_RUNS)
        by_date: dict[str, dict[str, object]] = {}
        for run in runs:  # newest first: keep each partition's latest run
            day, provider = run.tags.get(DATE_TAG), run.tags.get(PROVIDER_TAG)
            if day and provider:
                by_date.setdefault(day, {}).setdefault(provider, run)
        requests = []
        for day in sorted(by_date, reverse=True)[:_DATES_WATCHED]:
            latest = by_date[day]
            if not providers <= set(latest):
                continue
            if any(run.status in UNFINISHED for run in latest.values()):
                continue
            generation = hashlib.sha256(
                "|".join(sorted(run.run_id for p, run in latest.items() if p in providers)).encode()
            ).hexdigest()[:16]
            requests.append(RunRequest(run_key=f"rollup|{day}|{generation}", partition_key=day,
                                       tags={"jobintel/trigger": "sensor"}))
        return requests or SkipReason("no date with every provider's ingest finished")

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
    seen = {PROFILES_SOURCE.to_user_string(): profiles_fingerprint(Path(profiles.directory)),
            USER_STATE_SOURCE.to_user_string(): user_state_fingerprint(storage.get_store())}
    cursor = json.dumps(seen, sort_keys=True)
    if context.cursor is None:
        return SensorResult(skip_reason="first evaluation: fingerprints recorded", cursor=cursor)
    before = json.loads(context.cursor)
    changed = sorted(name for name, fingerprint in seen.items() if before.get(name) != fingerprint)
    if not changed:
        return SensorResult(skip_reason="profiles and user state unchanged", cursor=cursor)
    observations = [AssetObservation(asset_key=AssetKey(name), tags={DATA_VERSION_TAG: seen[name]})
                    for name in changed]
    dates = stored_dates(storage.get_store(), "shortlist")
    if not dates:
        return SensorResult(skip_reason="no shortlist yet to refresh", cursor=cursor, asset_events=observations)
    latest = dates[-1].isoformat()
    generation = hashlib.sha256(cursor.encode()).hexdigest()[:16]
    return SensorResult(
        run_requests=[RunRequest(run_key=f"rescore|{latest}|{generation}", partition_key=latest,
                                 tags={"jobintel/trigger": "profile-or-state-change"})],
        cursor=cursor,
        asset_events=observations,
    )
