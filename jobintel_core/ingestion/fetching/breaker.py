"""A per-provider circuit breaker, kept in the object store so it survives across runs and pods.

Closed: live fetches run. After ``breaker_threshold`` *runs* in a row ended ``failed`` or
``blocked`` it opens for ``breaker_cooldown_hours``: no live request is made and the partition
degrades to the provider's last snapshot, saying so. When the cool-down has passed the breaker is
half-open: one run tries live; success closes it, failure opens it for another cool-down.

A Dagster step retry belongs to the same run, so it is counted once (``counted_runs``) —
otherwise one bad day with two step retries would open the breaker by itself. The transitions
are pure functions of (state, run, result, time), so the same failure sequence always gives the
same decisions.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from jobintel_core.config.fetch_policy import FetchPolicy
from jobintel_core.ingestion.fetching.errors import LiveResult
from jobintel_core.storage.keys import breaker_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore

BreakerPosition = Literal["closed", "open", "half_open"]
_FAILURES = ("failed", "blocked")


class BreakerState(BaseModel):
    model_config = ConfigDict(frozen=True)

    provider: str
    consecutive_failures: int = 0
    counted_runs: tuple[str, ...] = ()
    open_until: datetime | None = None
    last_result: str = ""
    last_run: str = ""
    updated_at: datetime | None = None

    def position(self, now: datetime) -> BreakerPosition:
        if self.open_until is None:
            return "closed"
        return "open" if now < self.open_until else "half_open"

    def describe(self, now: datetime) -> str:
        position = self.position(now)
        text = f"{position} ({self.consecutive_failures} failed run(s) in a row"
        if position == "open" and self.open_until:
            text += f"; live fetches resume after {self.open_until.isoformat()}"
        return text + ")"


def after_run(
    state: BreakerState, run_id: str, result: LiveResult, now: datetime, policy: FetchPolicy
) -> BreakerState:
    """The state after a run's live attempt ended in ``result``."""
    if result == "success":
        return BreakerState(provider=state.provider, last_result=result, last_run=run_id, updated_at=now)
    if result not in _FAILURES:
        return state  # skipped / breaker_open: no evidence either way
    if run_id in state.counted_runs:
        return state.model_copy(update={"last_result": result, "updated_at": now})
    failures = state.consecutive_failures + 1
    opens = failures >= policy.breaker_threshold
    return BreakerState(
        provider=state.provider,
        consecutive_failures=failures,
        counted_runs=(*state.counted_runs[-(policy.breaker_threshold * 2) :], run_id),
        open_until=now + timedelta(hours=policy.breaker_cooldown_hours) if opens else None,
        last_result=result,
        last_run=run_id,
        updated_at=now,
    )


def load_breaker(store: ObjectStore, provider_key: str) -> BreakerState:
    try:
        return BreakerState.model_validate_json(store.get(breaker_key(provider_key)))
    except ObjectMissing:
        return BreakerState(provider=provider_key)


def save_breaker(store: ObjectStore, state: BreakerState) -> None:
    store.put(breaker_key(state.provider), state.model_dump_json(indent=1).encode("utf-8"))
