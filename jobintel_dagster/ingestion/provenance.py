"""A payload's ``FetchRecord`` as materialization (or failure) metadata: the provenance a user reads
in the UI for every ``raw_postings`` and ``jobs`` partition."""

from typing import Any

from dagster import MetadataValue

from jobintel_core.ingestion.acquisition.provenance import FetchRecord


def provenance_metadata(record: FetchRecord) -> dict[str, Any]:
    """How a partition's payload was obtained, as materialization (or failure) metadata."""
    return {
        "provider": record.provider,
        "ats": record.ats,
        "scrape_mode": record.mode,
        "live_attempted": "y" if record.live_attempted else "n",
        "live_result": record.live_result,
        "live_detail": record.live_detail,
        "fresh_observation": record.fresh,
        "source": record.source,
        "snapshot_date": record.snapshot_date.isoformat() if record.snapshot_date else "",
        "fetched_at": record.fetched_at.isoformat(),
        "requests": record.requests,
        "status_counts": MetadataValue.json(record.status_counts),
        "retries": record.retries,
        "backoff_sleep_s": record.backoff_sleep_s,
        "politeness_wait_s": record.politeness_wait_s,
        "robots": MetadataValue.json(record.robots),
        "breaker": record.breaker,
        "payload_bytes": record.bytes,
        "payload_parts": len(record.parts),
        "payload_sha256": record.sha256,
        "fetch_duration_s": record.duration_s,
    }
