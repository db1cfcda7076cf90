"""How a raw payload was obtained: the ``FetchRecord`` stored beside every payload archive.

It is what the UI shows as a partition's provenance (mode, live result, requests, retries, waits,
robots decisions, breaker), what history reads to tell a fresh look at a board from an older
capture served instead, and what makes a recorded capture replay with its original fetch time.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from jobintel_core.ingestion.fetching.errors import LiveResult
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.storage.keys import fetch_record_key
from jobintel_core.storage.objects import ObjectStore


class PartRecord(BaseModel):
    model_config = ConfigDict(frozen=True)

    name: str
    url: str | None = None
    status: int | None = None
    content_type: str | None = None
    sha256: str
    bytes: int


class FetchRecord(BaseModel):
    """Provenance of one raw payload; stored next to it as JSON and shown as partition metadata."""

    model_config = ConfigDict(frozen=True)

    provider: str
    ats: str
    mode: str
    fetched_at: datetime
    source: str
    snapshot_date: date | None = None
    sha256: str
    bytes: int
    parts: tuple[PartRecord, ...] = ()
    fresh: bool = True  # a new observation of the board (False: an older capture served instead)
    live_attempted: bool = False
    live_result: LiveResult = "skipped"
    live_detail: str = ""
    requests: int = 0
    status_counts: dict[str, int] = {}
    retries: int = 0
    backoff_sleep_s: float = 0.0
    politeness_wait_s: float = 0.0
    robots: dict[str, str] = {}
    breaker: str = ""
    duration_s: float = 0.0
    user_agent: str = ""


def payload_record(
    payload: Payload, *, part_meta: Mapping[str, Mapping[str, Any]] | None = None, **fields: Any
) -> FetchRecord:
    """A ``FetchRecord`` whose hash, size and part list are computed from ``payload``; ``part_meta``
    adds a part's URL, status and content type, ``fields`` the rest (validated by the model)."""
    meta = part_meta or {}
    parts = tuple(
        PartRecord(name=name, sha256=hashlib.sha256(body).hexdigest(), bytes=len(body), **meta.get(name, {}))
        for name, body in payload
    )
    return FetchRecord(sha256=payload.digest(), bytes=payload.size, parts=parts, **fields)


def save_record(store: ObjectStore, archive_key: str, record: FetchRecord) -> None:
    store.put(fetch_record_key(archive_key), record.model_dump_json(indent=1).encode("utf-8"))


def load_record(store: ObjectStore, archive_key: str) -> FetchRecord:
    return FetchRecord.model_validate_json(store.get(fetch_record_key(archive_key)))


def save_with_record(store: ObjectStore, key: str, payload: Payload, record: FetchRecord) -> None:
    """The provenance first, the archive last: an archive present means a complete pair."""
    save_record(store, key, record)
    store.put(key, payload.to_archive())
