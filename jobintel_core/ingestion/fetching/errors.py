"""Why a live fetch did not produce a board payload, as one of the documented live results.

``failed``: the board could not be reached or kept erroring (connect errors, timeouts, 5xx, 429,
cut-off bodies) after every retry, or it answered in a way no retry fixes (404, a redirect outside
``allowed_domains``). ``blocked``: the board answered, but with a deny (401/403, a CAPTCHA or
challenge page, "access denied", HTML where JSON was expected, an empty success). ``skipped``: we
did not ask, because robots.txt disallows the path. Every message names the provider and cause.
"""

from __future__ import annotations

from typing import Literal

LiveResult = Literal["success", "failed", "blocked", "skipped", "breaker_open"]


class FetchError(Exception):
    result: LiveResult = "failed"
    retryable: bool = True  # worth a Dagster step retry later (not a deny, not a config problem)

    def __init__(self, provider_key: str, detail: str, *, retryable: bool | None = None) -> None:
        self.provider_key = provider_key
        self.detail = detail
        if retryable is not None:
            self.retryable = retryable
        super().__init__(f"provider {provider_key!r}: {self.result}: {detail}")


class FetchFailed(FetchError):
    result: LiveResult = "failed"


class FetchRefused(FetchFailed):
    """A URL we will not request (outside ``allowed_domains``, a private address, a bad scheme)."""

    retryable = False


class FetchBlocked(FetchError):
    result: LiveResult = "blocked"
    retryable = False


class BreakerOpen(FetchError):
    """The breaker is open and there is no capture to serve instead."""

    result: LiveResult = "breaker_open"
    retryable = False


class RobotsDisallowed(FetchError):
    result: LiveResult = "skipped"
    retryable = False
