"""Where each artifact lives in the object store: the one definition of the key layout.

``<asset>/<date>/<provider>.<ext>`` (date × provider), ``<asset>/<date>.<ext>`` (daily),
``<asset>.<ext>`` (unpartitioned), ``user_state/<profile>.json``. The IO managers, the CLI,
retention and tests all go through these functions.
"""

from __future__ import annotations

from datetime import date

from jobintel_core.storage import ObjectStore

HISTORY = "job_history"
RAW_EXTENSION = "tar.gz"  # raw payloads: a deterministic archive of named parts (see ``wire``)
USER_STATE = "user_state"


def object_key(asset_path: list[str], partition_path: str | None, extension: str) -> str:
    base = "/".join(asset_path)
    if partition_path is None:
        return f"{base}.{extension}"
    return f"{base}/{partition_path}.{extension}"


def key_date(key: str) -> date | None:
    """The partition date in a key (second path segment), or None for unpartitioned keys."""
    parts = key.split("/")
    if len(parts) < 2:
        return None
    try:
        return date.fromisoformat(parts[1].split(".", 1)[0])
    except ValueError:
        return None


def stored_dates(store: ObjectStore, asset: str, extension: str = "parquet") -> list[date]:
    """Dates with a stored daily partition of ``asset``, ascending."""
    return sorted(
        {d for key in store.list(f"{asset}/") if key.endswith(f".{extension}") and (d := key_date(key))}
    )


def fetch_record_key(archive_key: str) -> str:
    """The provenance (``FetchRecord`` JSON) stored beside every payload archive."""
    return f"{archive_key}.fetch.json"


def raw_archive_key(day: date, provider: str) -> str:
    """A day's raw payload archive of one provider (its record is ``fetch_record_key`` of this)."""
    return object_key(["raw_postings"], f"{day.isoformat()}/{provider}", RAW_EXTENSION)


def user_state_key(profile: str) -> str:
    return f"{USER_STATE}/{profile}.json"
