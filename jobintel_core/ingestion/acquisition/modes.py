"""Where a board's payload comes from on a given day, by scrape mode.

Scrape modes (``JOBINTEL_SCRAPE_MODE``, or ``mode:`` on a registry entry):

* ``snapshot``: the bundled/recorded capture for the date (offline, deterministic);
* ``live``: the board itself, through a ``FetchSession`` (politeness, retries, robots, deny
  detection, allowed domains) behind the provider's circuit breaker;
* ``record``: ``live``, and the payload is also saved as a capture in the object store so the day
  can be replayed offline later.

Outcomes: a ``RawPayload`` (exactly the bytes received, plus a ``FetchRecord`` saying how they
were obtained), or a ``LiveFetchError`` naming provider, result and cause. Nothing is lost on
failure: every response of a failed live fetch is written to ``quarantine/`` before raising.
When the breaker is open no request is made and the provider's last capture is served instead,
marked ``fresh=False`` so history does not count it as a new observation of the board.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jobintel_core.config.fetch_policy import FetchPolicy
from jobintel_core.config.registry import ProviderConfig, ScrapeMode
from jobintel_core.ingestion.acquisition.captures import SnapshotNotFound, find_snapshot
from jobintel_core.ingestion.acquisition.endpoints import provider_root
from jobintel_core.ingestion.acquisition.provenance import FetchRecord, payload_record, save_with_record
from jobintel_core.ingestion.acquisition.user_agent import user_agent
from jobintel_core.ingestion.ats import family_for, policy_for
from jobintel_core.ingestion.fetching.breaker import BreakerState, after_run, load_breaker, save_breaker
from jobintel_core.ingestion.fetching.errors import BreakerOpen, FetchError, LiveResult
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.fetching.robots import RobotsCache
from jobintel_core.ingestion.fetching.session import FetchSession
from jobintel_core.storage.keys import quarantine_key, recorded_capture_key
from jobintel_core.storage.objects import ObjectStore


@dataclass(frozen=True)
class RawPayload:
    payload: Payload
    record: FetchRecord


class LiveFetchError(Exception):
    """A live fetch that produced no payload; carries the provenance and where the bytes went."""

    def __init__(self, error: FetchError, record: FetchRecord, quarantined: str | None) -> None:
        self.error = error
        self.record = record
        self.quarantined = quarantined
        super().__init__(str(error))


def _utcnow() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class SourceConfig:
    """Everything besides (provider, day) that decides where a payload comes from."""

    mode: ScrapeMode
    snapshot_dir: Path
    store: ObjectStore
    contact: str = ""
    run_id: str = "manual"
    clock: Callable[[], datetime] = _utcnow
    sleep: Callable[[float], None] = time.sleep


def obtain_payload(provider: ProviderConfig, day: date, config: SourceConfig) -> RawPayload:
    mode = provider.mode or config.mode
    if mode == "snapshot":
        return _from_snapshot(provider, day, config, mode=mode, live_detail="scrape mode is snapshot")
    now = config.clock()
    policy = policy_for(provider)
    breaker = load_breaker(config.store, provider.key)
    if breaker.position(now) == "open":
        detail = f"circuit breaker open: {breaker.describe(now)}"
        try:
            return _from_snapshot(
                provider,
                day,
                config,
                mode=mode,
                live_detail=detail,
                live_result="breaker_open",
                breaker=breaker.describe(now),
                fresh=False,
            )
        except SnapshotNotFound as exc:
            error = BreakerOpen(provider.key, f"{detail}; and no capture to fall back to ({exc})")
            raise LiveFetchError(error, _empty_record(provider, mode, now, error, breaker), None) from None
    return _fetch_live(provider, day, config, mode, policy, breaker, now)


def _fetch_live(
    provider: ProviderConfig,
    day: date,
    config: SourceConfig,
    mode: ScrapeMode,
    policy: FetchPolicy,
    breaker: BreakerState,
    now: datetime,
) -> RawPayload:
    family = family_for(provider.ats)
    root = provider_root(provider)
    allowed = provider.allowed_domains or (urlsplit(root).hostname or "",)
    agent = user_agent(config.contact)
    started = time.monotonic()
    robots = RobotsCache(config.store, config.clock)
    with FetchSession(
        provider.key,
        policy,
        user_agent=agent,
        allowed_domains=tuple(allowed),
        allow_private_network=provider.allow_private_network,
        robots=robots,
        sleep=config.sleep,
        now=config.clock,
    ) as session:
        error: FetchError | None = None
        try:
            family.fetch(session, provider)
        except FetchError as exc:
            error = exc
    result: LiveResult = error.result if error else "success"
    state = after_run(breaker, config.run_id, result, now, policy)
    save_breaker(config.store, state)
    common: dict[str, Any] = {
        "provider": provider.key,
        "ats": provider.ats,
        "mode": mode,
        "fetched_at": now,
        "live_attempted": True,
        "live_result": result,
        "live_detail": error.detail if error else "",
        "requests": session.requests,
        "status_counts": dict(sorted(session.status_counts.items())),
        "retries": session.retries,
        "backoff_sleep_s": round(sum(session.backoff_waits), 3),
        "politeness_wait_s": round(session.politeness_wait_s, 3),
        "robots": session.robots_decisions,
        "breaker": state.describe(now),
        "duration_s": round(time.monotonic() - started, 3),
        "user_agent": agent,
    }
    if error is not None:
        # Every response we got, good or bad, byte for byte: the evidence for the failure.
        evidence = Payload({f"{i:03d}-{ex.status}.body": ex.body for i, ex in enumerate(session.exchanges)})
        meta = {
            f"{i:03d}-{ex.status}.body": {"url": ex.url, "status": ex.status, "content_type": ex.content_type}
            for i, ex in enumerate(session.exchanges)
        }
        record = payload_record(evidence, source="quarantine", part_meta=meta, **common)
        key = quarantine_key(day, provider.key, config.run_id)
        save_with_record(config.store, key, evidence, record)
        raise LiveFetchError(error, record, config.store.uri(key))
    payload = session.payload
    record = payload_record(payload, source=f"live:{root}", part_meta=session.part_meta, **common)
    if mode == "record":
        save_with_record(config.store, recorded_capture_key(provider.key, day), payload, record)
    return RawPayload(payload, record)


def _from_snapshot(
    provider: ProviderConfig,
    day: date,
    config: SourceConfig,
    *,
    mode: ScrapeMode,
    live_detail: str,
    live_result: LiveResult = "skipped",
    breaker: str = "",
    fresh: bool = True,
) -> RawPayload:
    snapshot = find_snapshot(config.snapshot_dir, provider.key, day, config.store)
    payload = snapshot.load()
    record = payload_record(
        payload,
        provider=provider.key,
        ats=provider.ats,
        mode=mode,
        fetched_at=snapshot.captured_at,
        source=snapshot.source,
        snapshot_date=snapshot.capture_date,
        fresh=fresh,
        live_attempted=False,
        live_result=live_result,
        live_detail=live_detail,
        breaker=breaker,
    )
    return RawPayload(payload, record)


def _empty_record(
    provider: ProviderConfig, mode: ScrapeMode, now: datetime, error: FetchError, breaker: BreakerState
) -> FetchRecord:
    return payload_record(
        Payload(),
        provider=provider.key,
        ats=provider.ats,
        mode=mode,
        fetched_at=now,
        source="none",
        fresh=False,
        live_result=error.result,
        live_detail=error.detail,
        breaker=breaker.describe(now),
    )
