"""Backoff and breaker decisions are functions of the failure sequence: same failures, same
decisions, run after run. Also the smaller rules: Retry-After parsing, robots.txt status rules,
allowed-domain matching, deny classification."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from jobintel_core.config.fetch_policy import FetchPolicy
from jobintel_core.config.registry import ProviderConfig
from jobintel_core.config.settings import DEFAULT_SNAPSHOT_DIR
from jobintel_core.ingestion.acquisition.modes import LiveFetchError, SourceConfig, obtain_payload
from jobintel_core.ingestion.fetching.backoff import computed_wait, parse_retry_after, wait_before_retry
from jobintel_core.ingestion.fetching.breaker import BreakerState, after_run, load_breaker
from jobintel_core.ingestion.fetching.deny import deny_reason
from jobintel_core.ingestion.fetching.guard import host_allowed
from jobintel_core.ingestion.fetching.robots import RobotsFile
from jobintel_core.storage.objects import LocalObjectStore
from tests.support.board_server import BoardServer, Reply
from tests.support.live_boards import BY_ATS, CONTACT

T0 = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)


def test_backoff_is_seeded_capped_and_exponential():
    policy = FetchPolicy(backoff_base_s=2, backoff_cap_s=10)
    waits = [computed_wait(policy, "acme", n) for n in range(1, 6)]
    assert waits == [computed_wait(policy, "acme", n) for n in range(1, 6)]  # same inputs, same waits
    for n, wait in enumerate(waits, start=1):
        ceiling = min(10, 2 * 2 ** (n - 1))
        assert ceiling / 2 <= wait < ceiling
    assert waits != [computed_wait(policy.with_overrides(jitter_seed=7), "acme", n) for n in range(1, 6)]
    assert wait_before_retry(policy, "acme", 1, retry_after=500) == policy.retry_after_cap_s


def test_retry_after_forms():
    now = datetime(2026, 11, 21, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("Sat, 21 Nov 2026 12:00:30 GMT", now) == 30.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def _failure_run(tmp_path, script: list[Reply], run_id: str, now: datetime, store: LocalObjectStore):
    """One live run of a greenhouse fixture board answering ``script``; returns (record, breaker)."""
    board = BY_ATS["greenhouse"]
    with BoardServer() as server:
        board.serve(server)
        server.route(board.main, *script)
        entry = board.entry(
            server,
            fetch={
                "rps": 50,
                "max_retries": 3,
                "backoff_base_s": 1.5,
                "breaker_threshold": 2,
                "breaker_cooldown_hours": 6,
            },
        )
        provider = ProviderConfig.model_validate(entry)
        sleeps: list[float] = []
        config = SourceConfig(
            mode="live",
            snapshot_dir=DEFAULT_SNAPSHOT_DIR,
            store=store,
            contact=CONTACT,
            run_id=run_id,
            clock=lambda: now,
            sleep=sleeps.append,
        )
        try:
            record = obtain_payload(provider, date(2026, 11, 21), config).record
        except LiveFetchError as exc:
            record = exc.record
    return record, load_breaker(store, provider.key)


def _sequence(tmp_path, name: str):
    """Three runs: 503-503-429(RA 2)-200, then two all-503 runs. Decisions only, no timestamps."""
    store = LocalObjectStore(tmp_path / name)
    ok = BY_ATS["greenhouse"].routes[BY_ATS["greenhouse"].main]
    runs = [
        [Reply(503), Reply(503), Reply(429, b"{}", {"Retry-After": "2"}), Reply(200, ok)],
        [Reply(503)],
        [Reply(503)],
    ]
    decisions = []
    for number, script in enumerate(runs):
        record, breaker = _failure_run(tmp_path, script, f"run-{number}", T0 + timedelta(hours=number), store)
        decisions.append(
            (
                record.live_result,
                record.retries,
                record.backoff_sleep_s,
                record.status_counts,
                breaker.consecutive_failures,
                breaker.open_until,
            )
        )
    return decisions


def test_same_failure_sequence_same_backoff_and_breaker_decisions(tmp_path):
    first, second = _sequence(tmp_path, "a"), _sequence(tmp_path, "b")
    assert first == second
    policy = FetchPolicy(backoff_base_s=1.5)
    # run 0: two computed waits, then the server's Retry-After; success resets the breaker.
    assert first[0][:3] == (
        "success",
        3,
        round(
            computed_wait(policy, "acme-greenhouse", 1) + computed_wait(policy, "acme-greenhouse", 2) + 2.0, 3
        ),
    )
    assert first[1][0] == "failed" and first[1][4] == 1 and first[1][5] is None
    assert first[2][4] == 2 and first[2][5] == T0 + timedelta(hours=2 + 6)  # opened for the cool-down


def test_breaker_transitions():
    policy = FetchPolicy(breaker_threshold=2, breaker_cooldown_hours=1)
    state = BreakerState(provider="p")
    state = after_run(state, "r1", "failed", T0, policy)
    assert state.position(T0) == "closed" and state.consecutive_failures == 1
    assert after_run(state, "r1", "blocked", T0, policy).consecutive_failures == 1  # a step retry: same run
    assert after_run(state, "r2", "skipped", T0, policy) == state  # robots: no evidence either way
    state = after_run(state, "r2", "blocked", T0, policy)
    assert state.position(T0) == "open" and state.position(T0 + timedelta(hours=1)) == "half_open"
    reopened = after_run(state, "r3", "failed", T0 + timedelta(hours=1), policy)
    assert reopened.position(T0 + timedelta(hours=1, minutes=30)) == "open"
    assert after_run(state, "r3", "success", T0, policy).position(T0) == "closed"


def test_breaker_open_degrades_to_last_snapshot_and_says_so(tmp_path):
    store = LocalObjectStore(tmp_path / "s")
    for number in range(2):
        _failure_run(tmp_path, [Reply(503)], f"fail-{number}", T0, store)
    provider = ProviderConfig.model_validate(
        {**BY_ATS["greenhouse"].entry(BoardServer()), "key": "acme-greenhouse"}
    )
    bundled = ProviderConfig(key="northwind", company="Northwind", ats="greenhouse", board="northwind")
    # The open breaker belongs to acme-greenhouse; give northwind's an open one too to see the fallback.
    store.put(
        "fetch_state/breakers/northwind.json",
        load_breaker(store, provider.key)
        .model_copy(update={"provider": "northwind"})
        .model_dump_json()
        .encode(),
    )
    config = SourceConfig(
        mode="live",
        snapshot_dir=DEFAULT_SNAPSHOT_DIR,
        store=store,
        contact=CONTACT,
        clock=lambda: T0 + timedelta(hours=1),
    )
    raw = obtain_payload(bundled, date(2026, 11, 21), config)
    assert raw.record.live_result == "breaker_open" and not raw.record.live_attempted and not raw.record.fresh
    assert raw.record.snapshot_date == date(2026, 11, 20) and "resume after" in raw.record.live_detail
    with pytest.raises(LiveFetchError, match="no capture to fall back to"):
        obtain_payload(provider, date(2026, 11, 21), config)


def test_robots_status_rules():
    def robots(status, body=""):
        return RobotsFile("https://x.test", status, body, T0)

    assert robots(200, "User-agent: *\nDisallow: /private\n").allows("https://x.test/jobs")[0]
    assert not robots(200, "User-agent: *\nDisallow: /private\n").allows("https://x.test/private/a")[0]
    # longest match wins (RFC 9309), which the stdlib parser gets wrong
    assert robots(200, "User-agent: *\nDisallow: /jobs\nAllow: /jobs/api\n").allows(
        "https://x.test/jobs/api?x=1"
    )[0]
    assert not robots(403).allows("https://x.test/a")[0] and not robots(503).allows("https://x.test/a")[0]
    assert robots(404).allows("https://x.test/a")[0]
    assert not robots(None).allows("https://x.test/a")[0]


def test_allowed_domains_match_subdomains_only():
    assert host_allowed("api.lever.co", ("lever.co",)) and host_allowed("API.Lever.co.", ("api.lever.co",))
    assert not host_allowed("evil-lever.co", ("lever.co",)) and not host_allowed(
        "lever.co.evil.com", ("lever.co",)
    )


def test_deny_classification():
    assert deny_reason(200, b'{"jobs": []}', "application/json", "json") is None
    assert deny_reason(200, b"[]", "application/json", "json") is None  # an empty board is an answer
    assert "empty body" in deny_reason(200, b"  ", "application/json", "json")
    assert "'Access denied'" in deny_reason(200, b"<p>Access denied</p>", "text/html", "html")
    # A careers page embedding reCAPTCHA on its apply form still carries its JSON-LD: not a wall.
    page = (
        b"<html><script src='recaptcha/api.js'></script><script type='application/ld+json'>{}</script></html>"
    )
    assert deny_reason(200, page, "text/html", "html") is None
    assert "bot-challenge" in deny_reason(
        503, b"<html>Attention Required! | Cloudflare</html>", "text/html", "json"
    )
    assert deny_reason(503, b"upstream busy", "text/plain", "json") is None  # a plain 503 is retried
    assert (
        deny_reason(200, b"<html><script type='application/ld+json'>{}</script></html>", "text/html", "html")
        is None
    )
    # A careers page swapped for one without JSON-LD (maintenance, redesign) is a deny, not a parse error.
    assert "carrying no JSON-LD" in deny_reason(200, b"<html><h1>Back soon</h1></html>", "text/html", "html")


def test_host_gate_spaces_request_starts_by_the_rate():
    from jobintel_core.ingestion.fetching.limiter import HostGate

    now = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(round(seconds, 6))
        now[0] += seconds

    gate = HostGate()
    for _ in range(3):
        gate.acquire(rps=4, max_concurrent=1, clock=lambda: now[0], sleep=sleep)
        gate.release()
    assert slept == [0.25, 0.25]  # first request at once, then one every 1/rps seconds
    now[0] += 10  # an idle host: no debt carried over
    assert gate.acquire(rps=4, max_concurrent=1, clock=lambda: now[0], sleep=sleep) == 0.0
