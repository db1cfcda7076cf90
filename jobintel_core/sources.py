"""Where a board's payload comes from on a given day, and the provenance that travels with it.

Scrape modes: ``snapshot`` serves the bundled/recorded capture for the date. The payload bytes are
kept exactly as received; ``FetchRecord`` says how they were obtained, so a later parse (or a
replay years later) reproduces the same rows, including ``fetched_at``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from jobintel_core.registry import ProviderConfig
from jobintel_core.snapshots import find_snapshot


class FetchRecord(BaseModel):
    """Provenance of one raw payload; stored next to it as JSON."""

    model_config = ConfigDict(frozen=True)

    provider: str
    ats: str
    mode: str
    fetched_at: datetime
    source: str
    snapshot_date: date | None = None
    sha256: str
    bytes: int


@dataclass(frozen=True)
class RawPayload:
    body: bytes
    record: FetchRecord


def fetch_from_snapshot(provider: ProviderConfig, on: date, snapshot_dir: Path) -> RawPayload:
    """The latest capture on or before ``on``; raises ``SnapshotNotFound`` naming the provider."""
    snapshot = find_snapshot(snapshot_dir, provider.key, on)
    body = snapshot.read()
    record = FetchRecord(
        provider=provider.key,
        ats=provider.ats,
        mode="snapshot",
        fetched_at=snapshot.captured_at,
        source=f"snapshot:{provider.key}/{snapshot.path.name}",
        snapshot_date=snapshot.capture_date,
        sha256=hashlib.sha256(body).hexdigest(),
        bytes=len(body),
    )
    return RawPayload(body=body, record=record)
