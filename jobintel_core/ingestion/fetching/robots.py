"""robots.txt, read with protego (RFC 9309: longest match wins, wildcards), cached for 24 hours.

Status rules from RFC 9309: 2xx → the rules; 401/403 → disallow all; other 4xx → allow all;
5xx or unreachable → disallow all (a server in trouble is not consent; the session reports that
as ``failed``, retryable, rather than ``skipped``, since it says nothing about our permission). Cached in memory and in
the object store (``fetch_state/robots/<host>.json``), so runs in other processes within a day do
not ask again. Every decision is recorded in the partition's provenance.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from protego import Protego

from jobintel_core.storage.keys import robots_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore

CACHE_TTL = timedelta(hours=24)
ROBOTS_TOKEN = "JobIntel"


@dataclass(frozen=True)
class RobotsFile:
    origin: str
    status: int | None  # None: unreachable
    body: str
    fetched_at: datetime

    def allows(self, url: str) -> tuple[bool, str]:
        """(allowed?, a sentence saying why) for ``url`` under our user-agent token."""
        where = f"{self.origin}/robots.txt"
        if self.status is None or self.status >= 500:
            return False, f"{where} unreachable or {self.status}: treated as disallow-all (RFC 9309)"
        if self.status in (401, 403):
            return False, f"{where} answered {self.status}: treated as disallow-all"
        if self.status >= 400:
            return True, f"{where} answered {self.status}: no rules, allowed"
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if Protego.parse(self.body).can_fetch(url, ROBOTS_TOKEN):
            return True, f"{path} allowed by {where}"
        return False, f"{path} disallowed by {where}"


class RobotsCache:
    def __init__(self, store: ObjectStore | None, clock: Callable[[], datetime]) -> None:
        self._store = store
        self._clock = clock
        self._memory: dict[str, RobotsFile] = {}

    def get(self, origin: str) -> RobotsFile | None:
        now = self._clock()
        cached = self._memory.get(origin)
        if cached is None and self._store is not None:
            try:
                raw = json.loads(self._store.get(robots_key(origin)))
                cached = RobotsFile(
                    origin, raw["status"], raw["body"], datetime.fromisoformat(raw["fetched_at"])
                )
            except (ObjectMissing, ValueError, KeyError):
                cached = None
        if cached is not None and now - cached.fetched_at < CACHE_TTL:
            self._memory[origin] = cached
            return cached
        return None

    def put(self, robots: RobotsFile) -> None:
        self._memory[robots.origin] = robots
        # An outage is not cached across runs: tomorrow's run should ask again.
        if self._store is not None and robots.status is not None and robots.status < 500:
            document = {
                "status": robots.status,
                "body": robots.body,
                "fetched_at": robots.fetched_at.isoformat(),
            }
            self._store.put(robots_key(robots.origin), json.dumps(document).encode("utf-8"))
