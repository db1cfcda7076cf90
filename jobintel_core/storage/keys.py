"""Where each artifact lives in the object store: every key JobIntel reads or writes, built here.

Tables: ``<asset>/<date>/<provider>.<ext>`` (date × provider), ``<asset>/<date>.<ext>`` (daily),
``<asset>.<ext>`` (unpartitioned). Beside them: payload provenance (``<archive>.fetch.json``),
recorded captures, quarantined responses, fetch state (breakers, robots.txt), the embedding
cache, user state (with each profile's ratings log) and the alert ledger. One module, so a reader
of the bucket can find what wrote any object, and retention knows every prefix.
"""

from __future__ import annotations

from datetime import date

from jobintel_core.storage.objects import ObjectStore

RAW_POSTINGS = "raw_postings"
HISTORY = "job_history"
RAW_EXTENSION = "tar.gz"  # raw payloads: a deterministic archive of named parts (see ``ingestion.payload``)
TABLE_EXTENSION = "parquet"
USER_STATE = "user_state"
QUARANTINE = "quarantine"  # responses of failed live fetches, kept as evidence
RECORDED_CAPTURES = "snapshots"  # captures written by ``record`` mode
EMBEDDING_CACHE = "embedding_cache"


def object_key(asset_path: list[str], partition_path: str | None, extension: str) -> str:
    base = "/".join(asset_path)
    if partition_path is None:
        return f"{base}.{extension}"
    return f"{base}/{partition_path}.{extension}"


def table_key(asset: str, partition_path: str | None) -> str:
    """A table's Parquet object: ``partition_path`` is ``2026-11-20``, ``2026-11-20/northwind`` or None."""
    return object_key([asset], partition_path, TABLE_EXTENSION)


JOB_INDEX = "job_index"


def stored_index_key(day: date) -> str:
    """A day's search index as ``job_index`` stored it (``matching.embeddings.search``), beside
    the day's ``job_index`` table."""
    return object_key([JOB_INDEX], day.isoformat(), "faiss")


def index_manifest_key(day: date) -> str:
    """What names the stored index (its digest, kind, parameters, recall), written after it."""
    return f"{stored_index_key(day)}.json"


def key_date(key: str) -> date | None:
    """The partition date in a key (second path segment), or None for unpartitioned keys."""
    parts = key.split("/")
    if len(parts) < 2:
        return None
    try:
        return date.fromisoformat(parts[1].split(".", 1)[0])
    except ValueError:
        return None


def stored_dates(store: ObjectStore, asset: str, extension: str = TABLE_EXTENSION) -> list[date]:
    """Dates with a stored daily partition of ``asset``, ascending."""
    return sorted(
        {d for key in store.list(f"{asset}/") if key.endswith(f".{extension}") and (d := key_date(key))}
    )


def fetch_record_key(archive_key: str) -> str:
    """The provenance (``FetchRecord`` JSON) stored beside every payload archive."""
    return f"{archive_key}.fetch.json"


def raw_archive_key(day: date, provider: str) -> str:
    """A day's raw payload archive of one provider (its record is ``fetch_record_key`` of this)."""
    return object_key([RAW_POSTINGS], f"{day.isoformat()}/{provider}", RAW_EXTENSION)


def recorded_capture_key(provider: str, day: date) -> str:
    return f"{RECORDED_CAPTURES}/{provider}/{day.isoformat()}.{RAW_EXTENSION}"


def quarantine_key(day: date, provider: str, run_id: str) -> str:
    return f"{QUARANTINE}/{day.isoformat()}/{provider}/{run_id}.{RAW_EXTENSION}"


def breaker_key(provider: str) -> str:
    return f"fetch_state/breakers/{provider}.json"


def robots_key(origin: str) -> str:
    """``https://host:port`` → ``fetch_state/robots/https_host_port.json``."""
    return "fetch_state/robots/" + origin.replace("://", "_").replace(":", "_") + ".json"


def embedding_cache_prefix(model_id: str) -> str:
    """One model's cache: ``<shard>/<part>.parquet`` below it."""
    return f"{EMBEDDING_CACHE}/{model_id}/"


def embedding_cache_part_key(model_id: str, shard: str, written_ns: int, digest: str) -> str:
    """A part of a shard: ``<shard>/<UTC nanoseconds, 20 digits>-<content digest>.parquet``, so
    name order is write order."""
    return f"{embedding_cache_prefix(model_id)}{shard}/{written_ns:020d}-{digest}.{TABLE_EXTENSION}"


def embedding_cache_shard(model_id: str, key: str) -> str:
    """The shard a part below ``embedding_cache_prefix`` belongs to."""
    return key[len(embedding_cache_prefix(model_id)) :].split("/", 1)[0]


def embedding_cache_written_ns(key: str) -> int:
    """When a part was written, from its name."""
    return int(key.rsplit("/", 1)[-1].split("-", 1)[0])


def user_state_key(profile: str) -> str:
    return f"{USER_STATE}/{profile}.json"


RATINGS_LOG = "ratings.jsonl"


def ratings_log_key(profile: str) -> str:
    """``user_state/<profile>/ratings.jsonl``: the profile's ratings, one JSON event a line, appended.

    Beside the user state on purpose: never pruned, and the rescore sensor's fingerprint of
    ``user_state/`` sees a new rating (outcomes need no log of their own: they are the tracker's
    stage history in ``user_state_key``, see ``feedback.events``)."""
    return f"{USER_STATE}/{profile}/{RATINGS_LOG}"


def alert_ledger_key(profile: str, channel: str = "discord") -> str:
    """Per profile and channel, so a channel that failed is retried without the others repeating;
    Discord's keeps the key it had before there were other channels."""
    if channel == "discord":
        return f"alerts/sent/{profile}.json"
    return f"alerts/sent/{channel}/{profile}.json"


DROP_ALERTS = "alerts/drops.json"  # suspicious drops already announced (``alerting.drops``)


INSIGHTS = "insights"


def insights_key(week: date, name: str, profile: str | None = None) -> str:
    """``insights/<week>/<name>`` (the market's files) or ``insights/<week>/<profile>/<name>``."""
    folder = f"{INSIGHTS}/{week.isoformat()}"
    return f"{folder}/{profile}/{name}" if profile else f"{folder}/{name}"


APPLICATIONS = "applications"  # résumés and drafts: personal data, only ever in the user's own store


def resume_key(profile: str, resume: str) -> str:
    """``applications/<profile>/resumes/<resume>.json``: one structured résumé (JSON Resume)."""
    return f"{APPLICATIONS}/{profile}/resumes/{resume}.json"


def drafts_prefix(profile: str, resume: str) -> str:
    """Every draft written from one résumé: deleting the résumé deletes below this prefix."""
    return f"{APPLICATIONS}/{profile}/drafts/{resume}/"


def draft_key(profile: str, resume: str, job_id: str, name: str) -> str:
    """``applications/<profile>/drafts/<resume>/<job_id>/<name>`` (``cv.md``, ``cv-a4.pdf``,
    ``cv.json`` …)."""
    return f"{drafts_prefix(profile, resume)}{job_id}/{name}"
