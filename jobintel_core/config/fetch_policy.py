"""How politely and how persistently one board is fetched: the knobs, their defaults, their limits.

Defaults are conservative on purpose: one request per second and one at a time per *host* (many
companies share one ATS host, so the host is what we must not hammer), a 20 s timeout, four
retries with exponential backoff from 2 s, ``Retry-After`` honoured up to two minutes, and a
breaker that stops live attempts for 12 hours after three failed runs in a row. An ATS family may
be stricter (Workable sits behind Cloudflare on one shared host); a registry entry may override
any knob for its own board under ``fetch:``.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class FetchPolicy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    rps: float = Field(default=1.0, gt=0, le=50, description="requests per second per host")
    max_concurrent: int = Field(default=1, ge=1, le=16, description="requests in flight per host")
    timeout_s: float = Field(default=20.0, gt=0, le=300, description="connect/read timeout per request")
    max_retries: int = Field(default=4, ge=0, le=10, description="retries after the first attempt")
    backoff_base_s: float = Field(default=2.0, ge=0, le=600, description="first backoff; doubles per retry")
    backoff_cap_s: float = Field(default=60.0, ge=0, le=3600, description="longest computed backoff")
    retry_after_cap_s: float = Field(default=120.0, ge=0, le=3600, description="longest Retry-After obeyed")
    jitter_seed: int = Field(default=0, description="seed of the backoff jitter (same failures, same waits)")
    max_redirects: int = Field(default=5, ge=0, le=10)
    max_body_mb: float = Field(
        default=25.0, gt=0, le=1024, description="largest response body read; more fails the fetch"
    )
    breaker_threshold: int = Field(default=3, ge=1, le=100, description="failed runs in a row that open it")
    breaker_cooldown_hours: float = Field(default=12.0, gt=0, le=24 * 30)

    def with_overrides(self, **overrides: object) -> FetchPolicy:
        """A copy with some knobs replaced, validated like the original."""
        return FetchPolicy.model_validate({**self.model_dump(), **overrides})
