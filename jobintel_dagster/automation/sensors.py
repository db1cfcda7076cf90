"""Sensors that keep the per-date assets current without anyone watching.

``rollup_when_ingested``: once every provider of a date has a finished ``daily_ingest`` run (a
failed board counts: history treats it as not fetched), launch ``daily_rollup`` for that date. The
run key names the set of ingest runs it follows, so re-ingesting a board triggers one new rollup.

``rescore_on_profile_or_state_change``: when a profile file or a user's job states change,
rematerialize ``job_scores`` and ``shortlist`` for the latest stored date. The cursor is a
fingerprint of those files; the first evaluation only records it.
"""

import hashlib
from pathlib import Path

from dagster import (
    AssetKey,
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

from jobintel_core.layout import USER_STATE, stored_dates
from jobintel_dagster.jobs import DAILY_INGEST_JOB, DAILY_ROLLUP_JOB
from jobintel_dagster.matching.resources import ProfilesResource
from jobintel_dagster.partitions import DATE_DIMENSION, PROVIDER_DIMENSION, JobIntelPartitions
from jobintel_dagster.resources import StorageResource

FINISHED = [DagsterRunStatus.SUCCESS, DagsterRunStatus.FAILURE, DagsterRunStatus.CANCELED]
UNFINISHED = [DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
              DagsterRunStatus.STARTED]
DATE_TAG = f"dagster/partition/{DATE_DIMENSION}"
PROVIDER_TAG = f"dagster/partition/{PROVIDER_DIMENSION}"
_RECENT_RUNS = 500
_DATES_WATCHED = 3


def build_rollup_sensor(partitions: JobIntelPartitions) -> SensorDefinition:
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


def state_fingerprint(profiles_dir: Path, storage: StorageResource) -> str:
    """Hash of every profile file and every stored user state, by name and content."""
    digest = hashlib.sha256()
    for path in sorted(Path(profiles_dir).glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    store = storage.get_store()
    for key in store.list(f"{USER_STATE}/"):
        digest.update(key.encode() + b"\0" + store.get(key) + b"\0")
    return digest.hexdigest()


@sensor(
    asset_selection=[AssetKey("job_scores"), AssetKey("shortlist")],
    minimum_interval_seconds=60,
    default_status=DefaultSensorStatus.RUNNING,
)
def rescore_on_profile_or_state_change(
    context: SensorEvaluationContext, storage: StorageResource, profiles: ProfilesResource
):
    fingerprint = state_fingerprint(Path(profiles.directory), storage)
    if context.cursor is None:
        return SensorResult(skip_reason="first evaluation: fingerprint recorded", cursor=fingerprint)
    if fingerprint == context.cursor:
        return SensorResult(skip_reason="profiles and user state unchanged", cursor=fingerprint)
    dates = stored_dates(storage.get_store(), "shortlist")
    if not dates:
        return SensorResult(skip_reason="no shortlist yet to refresh", cursor=fingerprint)
    latest = dates[-1].isoformat()
    return SensorResult(
        run_requests=[RunRequest(run_key=f"rescore|{latest}|{fingerprint[:16]}", partition_key=latest,
                                 tags={"jobintel/trigger": "profile-or-state-change"})],
        cursor=fingerprint,
    )
