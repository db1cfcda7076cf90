"""Live fetching of every ATS family against real loopback HTTP servers, scenario by scenario.

Each scenario ends in its documented live result (success / failed / blocked / skipped), with
the error naming provider and cause and every response kept (payload or quarantine). Waits are
recorded by an injected ``sleep`` instead of slept, except the timeout scenario, which is real.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.acquisition.modes import LiveFetchError, SourceConfig, obtain_payload
from jobintel_core.ingestion.ats import family_for, policy_for
from jobintel_core.ingestion.fetching.backoff import computed_wait
from jobintel_core.ingestion.fetching.breaker import load_breaker
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.storage.objects import LocalObjectStore
from tests.support.board_server import BoardServer, Reply
from tests.support.live_boards import BY_ATS, CAPTCHA, CONTACT, FAMILY_BOARDS, FAST_FETCH, FixtureBoard

DAY = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 6, 0, tzinfo=UTC)
ALL = pytest.mark.parametrize("board", FAMILY_BOARDS, ids=[b.ats for b in FAMILY_BOARDS])


class Sleeps(list):
    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def server():
    with BoardServer() as running:
        yield running


def fetch(board: FixtureBoard, server: BoardServer, tmp_path: Path, sleep=None, run_id="run-1", **extra):
    provider = ProviderConfig.model_validate(board.entry(server, **extra))
    config = SourceConfig(
        mode="live",
        snapshot_dir=tmp_path / "none",
        store=LocalObjectStore(tmp_path / "store"),
        contact=CONTACT,
        run_id=run_id,
        clock=lambda: NOW,
        sleep=Sleeps() if sleep is None else sleep,
    )
    return provider, obtain_payload(provider, DAY, config)


def failing(board, server, tmp_path, **extra) -> LiveFetchError:
    with pytest.raises(LiveFetchError) as caught:
        fetch(board, server, tmp_path, **extra)
    error = caught.value
    assert f"provider '{board.key}'" in str(error)
    return error


def quarantined(error: LiveFetchError) -> Payload:
    return Payload.from_archive(Path(error.quarantined).read_bytes())


@ALL
def test_normal_board(board, server, tmp_path):
    board.serve(server)
    provider, raw = fetch(board, server, tmp_path)
    record = raw.record
    assert record.live_attempted and record.live_result == "success" and record.fresh
    assert record.retries == 0 and record.backoff_sleep_s == 0
    assert set(raw.payload.parts.values()) <= set(board.routes.values())  # bytes exactly as served
    assert all(d.startswith("allow: ") for d in record.robots.values())
    assert record.requests == len(server.log) and record.status_counts == {"200": len(server.log)}
    assert all(CONTACT in headers["User-Agent"] for _, headers in server.log)
    parsed = family_for(board.ats).parse(raw.payload, provider, record.fetched_at)
    assert len(parsed.postings) == board.postings


@ALL
def test_429_honours_retry_after_clamped(board, server, tmp_path):
    board.serve(server)
    body = board.routes[board.main]
    server.route(
        board.main,
        Reply(429, b"{}", {"Retry-After": "1"}),
        Reply(429, b"{}", {"Retry-After": "3600"}),
        Reply(200, body, {"Content-Type": board.content_type}),
    )
    sleeps = Sleeps()
    _, raw = fetch(board, server, tmp_path, sleep=sleeps)
    assert raw.record.live_result == "success" and raw.record.retries == 2
    assert raw.record.status_counts["429"] == 2
    assert raw.record.backoff_sleep_s == 1.0 + 3.0  # the second hint clamped to retry_after_cap_s
    assert [s for s in sleeps if s >= 1.0] == [1.0, 3.0]


@ALL
def test_503_burst_then_success(board, server, tmp_path):
    board.serve(server)
    server.route(
        board.main,
        Reply(503, b"busy"),
        Reply(503, b"busy"),
        Reply(200, board.routes[board.main], {"Content-Type": board.content_type}),
    )
    provider, raw = fetch(board, server, tmp_path)
    policy = policy_for(provider)
    assert raw.record.live_result == "success" and raw.record.status_counts["503"] == 2
    assert raw.record.backoff_sleep_s == pytest.approx(
        computed_wait(policy, board.key, 1) + computed_wait(policy, board.key, 2)
    )


@ALL
def test_timeout_fails_after_retries(board, server, tmp_path):
    board.serve(server)
    server.route(board.main, Reply(200, board.routes[board.main], delay=2.0))
    # robots.txt answers at once but goes through the same timeout, which must hold on a loaded
    # machine (0.4 s did not, once, beside a UI backfill test: robots.txt "unreachable")
    error = failing(board, server, tmp_path, fetch={**FAST_FETCH, "timeout_s": 1.0})
    assert error.record.live_result == "failed" and error.error.retryable
    assert "timed out" in str(error) and "gave up after 3 attempts" in str(error)
    assert error.record.status_counts["timeout"] == 3


@ALL
def test_captcha_page_is_blocked_not_empty(board, server, tmp_path):
    board.serve(server)
    server.route(board.main, Reply(200, CAPTCHA, {"Content-Type": "text/html"}))
    error = failing(board, server, tmp_path)
    assert error.record.live_result == "blocked" and not error.error.retryable
    assert "bot-challenge page" in str(error) and error.record.retries == 0
    assert CAPTCHA in quarantined(error).parts.values()  # the evidence is kept byte for byte


def test_a_careers_page_without_json_ld_is_blocked_and_counts_toward_the_breaker(server, tmp_path):
    board = BY_ATS["jsonld"]
    board.serve(server)
    maintenance = b"<!doctype html><html><body><h1>We are redesigning our careers site</h1></body></html>"
    server.route(board.main, Reply(200, maintenance, {"Content-Type": "text/html"}))
    error = failing(board, server, tmp_path)
    assert error.record.live_result == "blocked" and not error.error.retryable
    assert "page carrying no JSON-LD" in str(error)
    assert load_breaker(LocalObjectStore(tmp_path / "store"), board.key).consecutive_failures == 1


@ALL
def test_cut_off_body(board, server, tmp_path):
    board.serve(server)
    body = board.routes[board.main]
    cut = body[: len(body) * 2 // 3]
    server.route(board.main, Reply(200, cut, {"Content-Type": board.content_type}))
    if board.ats == "jsonld":
        # HTML has no end to check: the page is accepted and the cut JSON-LD block is reported.
        provider, raw = fetch(board, server, tmp_path)
        parsed = family_for("jsonld").parse(raw.payload, provider, NOW)
        assert any("JSON-LD block" in r.reason for r in parsed.rejected)
        return
    error = failing(board, server, tmp_path)
    assert error.record.live_result == "failed" and "not valid JSON" in str(error)
    assert error.record.retries == 2 and cut in quarantined(error).parts.values()


@ALL
def test_redirect_outside_allowed_domains_is_refused(board, server, tmp_path):
    board.serve(server)
    server.route(board.main, Reply(302, b"", {"Location": f"http://localhost:{server.port}/elsewhere"}))
    server.route("/elsewhere", Reply(200, board.routes[board.main]))
    error = failing(board, server, tmp_path)
    assert error.record.live_result == "failed" and not error.error.retryable
    assert "'localhost' is not in allowed_domains" in str(error)
    assert server.requested("/elsewhere") == []


@ALL
def test_robots_disallow_is_skipped_without_requesting(board, server, tmp_path):
    board.serve(server, robots=b"User-agent: *\nAllow: /\n\nUser-agent: JobIntel\nDisallow: /\n")
    error = failing(board, server, tmp_path)
    assert error.record.live_result == "skipped" and "disallowed by" in str(error)
    assert server.requested() == ["/robots.txt"]


def test_private_address_refused_unless_allowed(server, tmp_path):
    board = BY_ATS["greenhouse"]
    board.serve(server)
    error = failing(board, server, tmp_path, allow_private_network=False)
    assert "non-public address" in str(error) and server.log == []


def test_html_where_json_expected_and_empty_success_are_blocked(server, tmp_path):
    board = BY_ATS["ashby"]
    board.serve(server)
    server.route(
        board.main,
        Reply(200, b"<html><body>Sign in to continue</body></html>", {"Content-Type": "text/html"}),
    )
    assert "HTML page where JSON was expected" in str(failing(board, server, tmp_path))
    server.route(board.main, Reply(200, b""))
    assert "empty body" in str(failing(board, server, tmp_path, run_id="run-2"))
    server.route(board.main, Reply(403, b"Forbidden", {"Content-Type": "text/plain"}))
    assert "HTTP 403" in str(failing(board, server, tmp_path, run_id="run-3"))


def test_lever_pages_until_a_short_page(server, tmp_path):
    import json

    board = BY_ATS["lever"]
    board.serve(server)
    template = json.loads(board.routes[board.main])[0]
    postings = [
        {**template, "id": f"id-{n:04d}", "hostedUrl": f"https://jobs.lever.co/acme/id-{n:04d}"}
        for n in range(130)
    ]
    root = "/v0/postings/acme?mode=json"
    server.route(f"{root}&skip=0&limit=100", Reply(200, json.dumps(postings[:100]).encode()))
    # A posting published mid-paging shifts page 2 by one: its first row repeats page 1's last.
    server.route(f"{root}&skip=100&limit=100", Reply(200, json.dumps(postings[99:]).encode()))
    provider, raw = fetch(board, server, tmp_path)
    assert list(raw.payload.parts) == ["page-000.json", "page-001.json"]
    parsed = family_for("lever").parse(raw.payload, provider, NOW)
    assert len(parsed.postings) == 130 and not parsed.rejected


def test_smartrecruiters_withdrawn_detail_keeps_the_list_fields_flagged(server, tmp_path):
    board = BY_ATS["smartrecruiters"]
    board.serve(server)
    server.route("/v1/companies/AcmeCorp/postings/744000012345679", Reply(404, b'{"message": "not found"}'))
    provider, raw = fetch(board, server, tmp_path)
    assert "detail-744000012345679.json" not in raw.payload.parts and raw.record.status_counts["404"] == 1
    parsed = family_for("smartrecruiters").parse(raw.payload, provider, NOW)
    assert not parsed.rejected and len(parsed.postings) == 2
    withdrawn = next(p for p in parsed.postings if p.external_id == "744000012345679")
    complete = next(p for p in parsed.postings if p.external_id != "744000012345679")
    assert withdrawn.detail_missing and not complete.detail_missing
    assert withdrawn.title and withdrawn.description_text == "" and withdrawn.locations


def test_live_mode_needs_a_contact(server, tmp_path):
    board = BY_ATS["greenhouse"]
    provider = ProviderConfig.model_validate(board.entry(server))
    config = SourceConfig(mode="live", snapshot_dir=tmp_path, store=LocalObjectStore(tmp_path / "s"))
    with pytest.raises(ValueError, match="JOBINTEL_CONTACT"):
        obtain_payload(provider, DAY, config)


def test_robots_txt_is_cached_across_runs_in_the_store(server, tmp_path):
    board = BY_ATS["workable"]
    board.serve(server)
    fetch(board, server, tmp_path, run_id="run-1")
    _, raw = fetch(board, server, tmp_path, run_id="run-2")  # a new process would build a new cache
    assert server.requested("/robots.txt") == ["/robots.txt"]
    assert raw.record.requests == 1 and "allowed by" in next(iter(raw.record.robots.values()))


def test_a_huge_body_is_capped_with_a_clear_error_and_kept_in_quarantine(server, tmp_path):
    board = BY_ATS["greenhouse"]
    board.serve(server)
    huge = b'{"jobs": [' + b'{"id": 1},' * 120_000 + b'{"id": 2}]}'  # ~1.2 MB
    server.route(board.main, Reply(200, huge))
    error = failing(board, server, tmp_path, fetch={**FAST_FETCH, "max_body_mb": 1})
    assert error.record.live_result == "failed" and not error.error.retryable and error.record.retries == 0
    assert "body larger than 1 MB" in str(error)
    [kept] = [body for name, body in quarantined(error).parts.items() if "-200" in name and len(body) > 1000]
    assert len(kept) == 1024 * 1024 and huge.startswith(kept)


def test_a_name_that_resolves_elsewhere_the_second_time_is_still_fetched_from_the_vetted_address(
    server, tmp_path, monkeypatch
):
    """DNS rebinding: the guard's lookup says 127.0.0.1 (the board); any later lookup of the same
    name would say 127.0.0.2, where nothing listens. The fetch must connect to what was vetted."""
    import socket

    real = socket.getaddrinfo
    answers: list[str] = []

    def rebinding(host, port, *args, **kwargs):
        if host != "board.test":
            return real(host, port, *args, **kwargs)
        answers.append(address := "127.0.0.1" if not answers else "127.0.0.2")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    board = BY_ATS["greenhouse"]
    board.serve(server)
    port = server.port
    provider, raw = fetch(
        board, server, tmp_path, base_url=f"http://board.test:{port}", allowed_domains=["board.test"]
    )
    assert (
        raw.record.live_result == "success"
        and len(family_for("greenhouse").parse(raw.payload, provider, raw.record.fetched_at).postings)
        == board.postings
    )
    assert answers == ["127.0.0.1"]  # one lookup, by the guard; the connection reused its answer


def test_the_pinned_transport_never_connects_to_a_host_the_guard_did_not_vet():
    import httpcore

    from jobintel_core.ingestion.fetching.pinning import PinnedBackend

    with pytest.raises(httpcore.ConnectError, match=r"'elsewhere\.test' was not vetted"):
        PinnedBackend({"board.test": "127.0.0.1"}).connect_tcp("elsewhere.test", 80)
