"""Backoff between retries: exponential, capped, jittered from a seed, and ``Retry-After``-aware.

The jitter is drawn from ``random.Random`` seeded by (policy seed, provider, attempt number), not
from global randomness: the same failure sequence always yields the same waits, so a run's
schedule can be explained after the fact and tests can assert it exactly. A server's
``Retry-After`` replaces the computed wait, clamped to ``retry_after_cap_s`` so one header
cannot park a run for a day.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from jobintel_core.config.fetch_policy import FetchPolicy


def computed_wait(policy: FetchPolicy, provider_key: str, attempt: int) -> float:
    """Wait before retry number ``attempt`` (1-based): base·2^(n-1), capped, times a factor in [0.5, 1)."""
    ceiling = min(policy.backoff_cap_s, policy.backoff_base_s * 2.0 ** (attempt - 1))
    rng = random.Random(f"{policy.jitter_seed}|{provider_key}|{attempt}")
    return round(ceiling * (0.5 + rng.random() / 2), 3)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date); None if absent/garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def wait_before_retry(
    policy: FetchPolicy, provider_key: str, attempt: int, retry_after: float | None
) -> float:
    if retry_after is not None:
        return round(min(max(retry_after, 0.0), policy.retry_after_cap_s), 3)
    return computed_wait(policy, provider_key, attempt)
