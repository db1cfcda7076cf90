"""Bundled or recorded board payloads: ``<snapshot dir>/<provider key>/<YYYY-MM-DD>.json``.

Snapshot mode serves, for a partition date, the latest capture on or before that date. That makes
any past day reproducible offline and lets ``make run`` work on a machine with no network.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timezone
from pathlib import Path


class SnapshotNotFound(FileNotFoundError):
    """No capture exists for the provider on or before the requested date."""


@dataclass(frozen=True)
class Snapshot:
    provider_key: str
    capture_date: date
    path: Path

    @property
    def captured_at(self) -> datetime:
        """Captures carry only a date; midnight UTC keeps ``fetched_at`` deterministic."""
        return datetime.combine(self.capture_date, time(0, 0), tzinfo=timezone.utc)

    def read(self) -> bytes:
        return self.path.read_bytes()


def list_snapshots(snapshot_dir: Path, provider_key: str) -> list[Snapshot]:
    folder = Path(snapshot_dir) / provider_key
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            found.append(Snapshot(provider_key, date.fromisoformat(path.stem), path))
        except ValueError:
            continue  # not a capture (e.g. notes); captures are named by ISO date
    return found


def find_snapshot(snapshot_dir: Path, provider_key: str, on_or_before: date) -> Snapshot:
    candidates = [s for s in list_snapshots(snapshot_dir, provider_key) if s.capture_date <= on_or_before]
    if not candidates:
        raise SnapshotNotFound(
            f"provider {provider_key!r}: no snapshot on or before {on_or_before.isoformat()} "
            f"in {Path(snapshot_dir) / provider_key}"
        )
    return candidates[-1]
