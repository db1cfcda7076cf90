"""The matching domain's sensor: ``rescore_on_profile_or_state_change``.

When a profile file or a user's job states change, it records an observation of the source asset
that changed (its new data version, so the UI shows what is stale) and rematerializes
``job_scores``, ``shortlist`` and what feedback derives from profiles and user state (``RESCORED``)
for the latest stored date. The cursor holds both fingerprints; the first evaluation only records
them. It names assets, not a job: the rescore is these assets alone, not a rollup.
"""

import hashlib
import json
from pathlib import Path

from dagster import (
    AssetKey,
    AssetObservation,
    DefaultSensorStatus,
    RunRequest,
    SensorEvaluationContext,
    SensorResult,
    sensor,
)

from jobintel_core.storage.keys import stored_dates
from jobintel_dagster.matching.resources import ProfilesResource
from jobintel_dagster.matching.sources import (
    PROFILES_SOURCE,
    USER_STATE_SOURCE,
    profiles_fingerprint,
    user_state_fingerprint,
)
from jobintel_dagster.storage.resources import StorageResource

DATA_VERSION_TAG = "dagster/data_version"  # what an observation's data version is recorded under
# What a profile or a user state feeds (ratings live beside user state, so a rating counts too).
RESCORED = ("job_scores", "ratings", "outcomes", "preference_model", "shortlist", "impressions")


@sensor(
    asset_selection=[AssetKey(a) for a in RESCORED],
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
