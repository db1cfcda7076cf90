"""Captured board payloads, served in ``snapshot`` mode and as the fallback when a breaker is open.

Two shelves, searched together:

* bundled captures in a folder, ``<dir>/<provider>/<YYYY-MM-DD>.<json|html|tar.gz>`` (a ``.json``
  or ``.html`` file is one part; a ``.tar.gz`` is a multi-part payload archive, see ``payload``);
* recorded captures in the object store, ``snapshots/<provider>/<YYYY-MM-DD>.tar.gz``, written by
  ``record`` mode, so a day fetched live can be replayed offline on any machine sharing the store.

For a date, the latest capture on or before it wins; on the same date a recorded capture wins
over a bundled one (it is what the board really sent that day).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path

from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.storage.keys import RECORDED_CAPTURES, fetch_record_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore

_SINGLE_PART = {".json": "board.json", ".html": "page-000.html"}


class SnapshotNotFound(FileNotFoundError):
    """No capture exists for the provider on or before the requested date."""


@dataclass(frozen=True)
class Snapshot:
    provider_key: str
    capture_date: date
    source: str  # "snapshot:<provider>/<file>" (bundled) or "recorded:<store key>"
    _path: Path | None = None
    _store: ObjectStore | None = None
    _key: str | None = None

    @property
    def captured_at(self) -> datetime:
        """When the payload was fetched: a recorded capture keeps its live fetch time (so replaying
        it offline gives the very rows the live run gave); bundled captures are named by date only,
        and midnight UTC keeps their ``fetched_at`` deterministic."""
        if self._store is not None and self._key is not None:
            try:
                return datetime.fromisoformat(
                    json.loads(self._store.get(fetch_record_key(self._key)))["fetched_at"]
                )
            except (ObjectMissing, KeyError, ValueError):
                pass  # a capture copied in without its record: fall back to the date
        return datetime.combine(self.capture_date, time(0, 0), tzinfo=UTC)

    @property
    def recorded(self) -> bool:
        return self._store is not None

    def load(self) -> Payload:
        if self._store is not None and self._key is not None:
            return Payload.from_archive(self._store.get(self._key), where=self._store.uri(self._key))
        assert self._path is not None
        if self._path.name.endswith(".tar.gz"):
            return Payload.from_archive(self._path.read_bytes(), where=str(self._path))
        return Payload.single(_SINGLE_PART[self._path.suffix], self._path.read_bytes())


def _capture_date(name: str) -> date | None:
    """``2026-11-20.json`` → that date; anything else (notes, manifests) is not a capture."""
    for suffix in (".tar.gz", *_SINGLE_PART):
        if name.endswith(suffix):
            try:
                return date.fromisoformat(name[: -len(suffix)])
            except ValueError:
                return None
    return None


def list_snapshots(
    snapshot_dir: Path | None, provider_key: str, store: ObjectStore | None = None
) -> list[Snapshot]:
    """Every capture of a provider, oldest first; a recorded one sorts after a bundled one."""
    found: list[Snapshot] = []
    if snapshot_dir is not None:
        for path in sorted((Path(snapshot_dir) / provider_key).glob("*")):
            if day := _capture_date(path.name):
                found.append(Snapshot(provider_key, day, f"snapshot:{provider_key}/{path.name}", _path=path))
    if store is not None:
        for key in store.list(f"{RECORDED_CAPTURES}/{provider_key}/"):
            if day := _capture_date(key.rsplit("/", 1)[-1]):
                found.append(Snapshot(provider_key, day, f"recorded:{key}", _store=store, _key=key))
    return sorted(found, key=lambda s: (s.capture_date, s.recorded))


def find_snapshot(
    snapshot_dir: Path | None, provider_key: str, on_or_before: date, store: ObjectStore | None = None
) -> Snapshot:
    candidates = [
        s for s in list_snapshots(snapshot_dir, provider_key, store) if s.capture_date <= on_or_before
    ]
    if not candidates:
        where = [str(Path(snapshot_dir) / provider_key)] if snapshot_dir else []
        if store is not None:
            where.append(store.uri(f"{RECORDED_CAPTURES}/{provider_key}/"))
        raise SnapshotNotFound(
            f"provider {provider_key!r}: no snapshot on or before {on_or_before.isoformat()} "
            f"in {' or '.join(where)}"
        )
    return candidates[-1]
