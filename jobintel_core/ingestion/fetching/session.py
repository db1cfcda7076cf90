"""One provider's live fetch: every request goes through the same guarded, polite, retried path.

For each URL: ``allowed_domains`` and the private-address rule (``guard``), robots.txt
(``robots``), the host's politeness gate (``limiter``), the request, deny detection (``deny``),
then either the body is accepted as a payload part, or the attempt is retried with a seeded
backoff (``backoff``, driven by tenacity), or the fetch ends with the documented live result
(``errors``). Redirects are followed by hand so every hop is checked again.

Everything the session saw is kept: accepted parts form the payload; every response, good or
bad, is in ``exchanges`` so a failed fetch can be quarantined byte for byte. The counters are the
partition's provenance (requests, status codes, retries, backoff, robots decisions, bytes).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpx
from tenacity import RetryCallState, Retrying, retry_if_exception_type, stop_after_attempt

from jobintel_core.config.fetch_policy import FetchPolicy
from jobintel_core.ingestion.fetching.backoff import parse_retry_after, wait_before_retry
from jobintel_core.ingestion.fetching.deny import deny_reason
from jobintel_core.ingestion.fetching.errors import FetchBlocked, FetchFailed, RobotsDisallowed
from jobintel_core.ingestion.fetching.guard import check_url
from jobintel_core.ingestion.fetching.limiter import gate_for
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.fetching.pinning import pinned_transport
from jobintel_core.ingestion.fetching.robots import RobotsCache, RobotsFile


class _Transient(Exception):
    """A failure worth retrying; ``retry_after`` carries the server's hint, if any."""

    def __init__(self, reason: str, retry_after: float | None = None) -> None:
        self.reason = reason
        self.retry_after = retry_after
        super().__init__(reason)


@dataclass(frozen=True)
class Exchange:
    url: str
    status: int
    content_type: str | None
    body: bytes


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class FetchSession:
    def __init__(
        self,
        provider_key: str,
        policy: FetchPolicy,
        *,
        user_agent: str,
        allowed_domains: tuple[str, ...],
        allow_private_network: bool = False,
        robots: RobotsCache,
        sleep: Callable[[float], None] = time.sleep,
        monotonic: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.provider_key = provider_key
        self.policy = policy
        self.allowed_domains = allowed_domains
        self.allow_private_network = allow_private_network
        self._robots = robots
        self._sleep = sleep
        self._monotonic = monotonic
        self._now = now
        self._pins: dict[str, str] = {}  # host → the address the guard vetted
        self._checked: set[tuple[str, str]] = set()
        self._client = httpx.Client(
            headers={"User-Agent": user_agent, "Accept-Encoding": "gzip, deflate"},
            timeout=httpx.Timeout(policy.timeout_s),
            follow_redirects=False,
            transport=pinned_transport(self._pins),
        )
        self.parts: dict[str, bytes] = {}
        self.part_meta: dict[str, dict[str, Any]] = {}
        self.exchanges: list[Exchange] = []
        self.requests = 0
        self.status_counts: Counter[str] = Counter()
        self.retries = 0
        self.backoff_waits: list[float] = []
        self.politeness_wait_s = 0.0
        self.bytes_received = 0
        self.robots_decisions: dict[str, str] = {}

    def __enter__(self) -> FetchSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    @property
    def payload(self) -> Payload:
        return Payload(dict(self.parts))

    # -- the public calls ATS modules use -------------------------------------------------------

    def get_json(self, name: str, url: str, *, missing_ok: bool = False) -> Any:
        """Fetch a JSON document as payload part ``name``; returns it decoded (None: a 404 that
        ``missing_ok`` allows, e.g. a posting withdrawn between a list call and its detail call)."""
        return self._fetch(name, url, "json", missing_ok)[1]

    def get(self, name: str, url: str, expect: str = "json", *, missing_ok: bool = False) -> bytes | None:
        """Fetch a document as payload part ``name``; returns its bytes exactly as received."""
        return self._fetch(name, url, expect, missing_ok)[0]

    def _fetch(self, name: str, url: str, expect: str, missing_ok: bool) -> tuple[bytes | None, Any]:
        retrying = Retrying(
            stop=stop_after_attempt(self.policy.max_retries + 1),
            retry=retry_if_exception_type(_Transient),
            wait=self._wait,
            sleep=self._backoff_sleep,
            reraise=True,
        )
        try:
            body, document = retrying(self._attempt, url, expect, missing_ok)
        except _Transient as exc:
            attempts = self.policy.max_retries + 1
            raise FetchFailed(
                self.provider_key, f"{url}: {exc.reason} (gave up after {attempts} attempts)"
            ) from None
        if body is not None:
            accepted = self.exchanges[-1]
            self.parts[name] = body
            self.part_meta[name] = {
                "url": accepted.url,
                "status": accepted.status,
                "content_type": accepted.content_type,
            }
        return body, document

    # -- retry plumbing --------------------------------------------------------------------------

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        hint = exc.retry_after if isinstance(exc, _Transient) else None
        return wait_before_retry(self.policy, self.provider_key, state.attempt_number, hint)

    def _backoff_sleep(self, seconds: float) -> None:
        self.retries += 1
        self.backoff_waits.append(seconds)
        self._sleep(seconds)

    # -- one attempt: redirects, robots, deny detection ----------------------------------------------

    def _attempt(self, url: str, expect: str, missing_ok: bool) -> tuple[bytes | None, Any]:
        """(body, decoded JSON or None); the JSON is decoded once, here, to tell a cut-off body."""
        current = url
        for _ in range(self.policy.max_redirects + 1):
            self._check(current)
            self._check_robots(current)
            response = self._send(current)
            if response.is_redirect:
                current = urljoin(current, response.headers.get("location", ""))
                continue
            if missing_ok and response.status_code == 404:
                return None, None
            return self._accept(current, response, expect)
        raise FetchFailed(self.provider_key, f"{url}: more than {self.policy.max_redirects} redirects")

    def _check(self, url: str) -> None:
        parts = urlsplit(url)
        origin = (parts.scheme, parts.netloc)
        if origin in self._checked:  # one DNS lookup per host per fetch, not one per request
            return
        address = check_url(url, self.provider_key, self.allowed_domains, self.allow_private_network)
        self._pins.setdefault(
            (parts.hostname or "").lower(), address
        )  # connections go to the first vetted address
        self._checked.add(origin)

    def _send(self, url: str) -> httpx.Response:
        """One GET, read in chunks up to the policy's body cap: a board (or something posing as
        one) sending gigabytes fails this fetch with a clear error instead of exhausting memory."""
        gate = gate_for(urlsplit(url).netloc)
        self.politeness_wait_s += gate.acquire(
            self.policy.rps, self.policy.max_concurrent, self._monotonic, self._sleep
        )
        self.requests += 1
        cap = int(self.policy.max_body_mb * 1024 * 1024)
        try:
            with self._client.stream("GET", url) as streamed:
                body = bytearray()
                for chunk in streamed.iter_bytes():
                    body += chunk
                    if len(body) > cap:
                        self.status_counts["too_large"] += 1
                        self.exchanges.append(
                            Exchange(
                                url,
                                streamed.status_code,
                                streamed.headers.get("content-type"),
                                bytes(body[:cap]),
                            )
                        )
                        raise FetchFailed(
                            self.provider_key,
                            f"{url}: body larger than {self.policy.max_body_mb:g} MB (the first "
                            f"{self.policy.max_body_mb:g} MB are quarantined); raise fetch: {{max_body_mb: …}} "
                            "for this board if that is its real size",
                            retryable=False,
                        )
                # The chunks are already decoded (gzip): the copy must not claim an encoding.
                headers = [
                    (k, v)
                    for k, v in streamed.headers.multi_items()
                    if k.lower() not in ("content-encoding", "content-length")
                ]
                response = httpx.Response(
                    streamed.status_code, headers=headers, content=bytes(body), request=streamed.request
                )
        except httpx.TimeoutException:
            self.status_counts["timeout"] += 1
            raise _Transient(f"timed out (timeout {self.policy.timeout_s:g}s)") from None
        except httpx.TransportError as exc:
            self.status_counts["connection_error"] += 1
            raise _Transient(f"{type(exc).__name__}: {exc}") from None
        finally:
            gate.release()
        self.status_counts[str(response.status_code)] += 1
        self.bytes_received += len(response.content)
        self.exchanges.append(
            Exchange(url, response.status_code, response.headers.get("content-type"), response.content)
        )
        return response

    def _accept(self, url: str, response: httpx.Response, expect: str) -> tuple[bytes, Any]:
        status, body = response.status_code, response.content
        if reason := deny_reason(status, body, response.headers.get("content-type"), expect):
            raise FetchBlocked(self.provider_key, f"{url}: {reason}")
        if status == 429 or status >= 500:
            raise _Transient(
                f"HTTP {status}", parse_retry_after(response.headers.get("retry-after"), self._now())
            )
        if not 200 <= status < 300:
            raise FetchFailed(self.provider_key, f"{url}: HTTP {status}", retryable=False)
        if expect != "json":
            return body, None
        try:
            return body, json.loads(body)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise _Transient(f"body is not valid JSON, cut off? ({exc})") from None

    def _check_robots(self, url: str) -> None:
        origin = _origin(url)
        robots = self._robots.get(origin)
        if robots is None:
            robots = self._fetch_robots(origin)
            self._robots.put(robots)
        allowed, why = robots.allows(url)
        self.robots_decisions[urlsplit(url).path or "/"] = ("allow: " if allowed else "disallow: ") + why
        if allowed:
            return
        if robots.status is None or robots.status >= 500:
            raise FetchFailed(self.provider_key, f"{url}: not fetched: {why}")
        raise RobotsDisallowed(self.provider_key, f"{url}: {why}")

    def _fetch_robots(self, origin: str) -> RobotsFile:
        url = f"{origin}/robots.txt"
        for _ in range(self.policy.max_redirects + 1):
            self._check(url)
            try:
                response = self._send(url)
            except _Transient:
                return RobotsFile(origin, None, "", self._now())
            if not response.is_redirect:
                return RobotsFile(origin, response.status_code, response.text, self._now())
            url = urljoin(url, response.headers.get("location", ""))
        return RobotsFile(origin, None, "", self._now())
