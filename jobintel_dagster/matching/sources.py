"""Profiles and user state as external assets: inputs JobIntel reads but does not produce.

Declaring them puts them upstream of ``job_scores`` and ``shortlist`` in the asset graph. The
rescore sensor (``matching.automation``) observes them: it records each change as an observation
whose data version is a fingerprint of the profile files / stored user states, so the UI shows a
shortlist as stale after a profile edit or a ``jobintel mark``, and it rematerializes what they feed.
"""

import hashlib
from pathlib import Path

from dagster import AssetKey, AssetSpec

from jobintel_core.storage.keys import USER_STATE
from jobintel_core.storage.objects import ObjectStore

PROFILES_SOURCE = AssetKey("candidate_profiles")
USER_STATE_SOURCE = AssetKey(USER_STATE)


def profiles_fingerprint(profiles_dir: Path) -> str:
    """Hash of every profile file, by name and content."""
    digest = hashlib.sha256()
    for path in sorted(Path(profiles_dir).glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def user_state_fingerprint(store: ObjectStore) -> str:
    """Hash of every stored user state, by key and content."""
    digest = hashlib.sha256()
    for key in store.list(f"{USER_STATE}/"):
        digest.update(key.encode() + b"\0" + store.get(key) + b"\0")
    return digest.hexdigest()


candidate_profiles = AssetSpec(
    PROFILES_SOURCE,
    group_name="matching",
    description="Candidate profiles: one YAML file each in JOBINTEL_PROFILES (observed by the rescore sensor).",
)
user_state = AssetSpec(
    USER_STATE_SOURCE,
    group_name="matching",
    description="What each person did about each job (jobintel mark), per profile (observed by the rescore sensor).",
)
