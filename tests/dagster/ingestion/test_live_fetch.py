"""Live ingestion through Dagster, against loopback boards: partition isolation, a company added
by registry entry only, the breaker degrading to the last capture, step retries, record mode."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from dagster import DagsterEventType, DagsterInstance, materialize

from jobintel_core.ingestion.fetching.breaker import load_breaker
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_dagster.runs.day import run_day
from jobintel_dagster.runs.execute import execute_job, materialized_metadata
from tests.conftest import make_workspace
from tests.support.board_server import BoardServer, Reply
from tests.support.live_boards import BY_ATS, CAPTCHA, CONTACT, FAST_FETCH

DAY = "2026-11-20"
LIVE = {"scrape_mode": "live", "contact": CONTACT, "fetch_step_retries": 0}


def _materialize(ws, partition: str, instance=None):
    defs = ws.definitions()
    return materialize(
        list(defs.assets),
        resources=dict(defs.resources),
        partition_key=f"{DAY}|{partition}",
        selection=["raw_postings", "jobs"],
        instance=instance,
        raise_on_error=False,
    )


def _meta(result, asset: str) -> dict:
    return materialized_metadata(result).get(asset, {})


def test_one_failing_provider_leaves_the_others_materialized(tmp_path):
    with BoardServer() as server:
        for ats in ("greenhouse", "lever", "ashby"):
            BY_ATS[ats].serve(server)
        server.route(BY_ATS["lever"].main, Reply(200, CAPTCHA, {"Content-Type": "text/html"}))
        ws = make_workspace(
            tmp_path,
            providers=[],
            entries=[BY_ATS[a].entry(server) for a in ("greenhouse", "lever", "ashby")],
            **LIVE,
        )
        outcome = run_day(ws.definitions(), DagsterInstance.ephemeral(), date.fromisoformat(DAY))
    outcomes = {o.provider: o for o in outcome.providers}
    assert outcomes["acme-greenhouse"].ok and outcomes["acme-greenhouse"].jobs == 2
    assert outcomes["acme-ashby"].ok and outcomes["acme-ashby"].jobs == 1
    failed = outcomes["acme-lever"]
    assert (
        not failed.ok
        and "provider 'acme-lever': blocked:" in failed.error
        and "bot-challenge" in failed.error
    )
    storage = Path(ws.settings.storage_url)
    assert (storage / "jobs" / DAY / "acme-greenhouse.parquet").exists()
    assert (storage / "jobs" / DAY / "acme-ashby.parquet").exists()
    assert not (storage / "raw_postings" / DAY / "acme-lever.tar.gz").exists()
    assert list((storage / "quarantine" / DAY / "acme-lever").glob("*.tar.gz"))  # the evidence, kept
    assert failed.fetch == "live:blocked" and outcomes["acme-ashby"].fetch == "live:success"
    assert outcome.history_ok  # history folded the two good boards; lever's jobs keep their state


def test_new_company_on_an_existing_ats_is_one_registry_entry(tmp_path):
    with BoardServer() as server:
        BY_ATS["greenhouse"].serve(server)
        entry = BY_ATS["greenhouse"].entry(server, key="brand-new-co", mode="live")
        ws = make_workspace(tmp_path, providers=["northwind"], entries=[entry], contact=CONTACT)
        assert "brand-new-co" in ws.registry().enabled_keys()
        result = _materialize(ws, "brand-new-co")
    assert result.success
    jobs = _meta(result, "jobs")
    assert jobs["dagster/row_count"] == 2 and jobs["parsed_jobs"] == 2
    assert (
        jobs["scrape_mode"] == "live" and jobs["live_result"] == "success" and jobs["live_attempted"] == "y"
    )
    raw = _meta(result, "raw_postings")
    for key in (
        "requests",
        "status_counts",
        "retries",
        "backoff_sleep_s",
        "robots",
        "breaker",
        "payload_bytes",
        "fetch_duration_s",
        "fresh_observation",
    ):
        assert key in raw, key
    assert raw["status_counts"] == {"200": 2} and raw["breaker"].startswith("closed")


def test_breaker_opens_then_serves_the_last_capture_and_history_ignores_it(tmp_path):
    with BoardServer() as server:
        server.route("/robots.txt", Reply(200, b"User-agent: *\nAllow: /\n"))
        server.route(
            "/v1/boards/northwind/jobs?content=true&pay_transparency=true", Reply(503, b"maintenance")
        )
        override = {
            "mode": "live",
            "base_url": server.url,
            "allowed_domains": ["127.0.0.1"],
            "allow_private_network": True,
            "fetch": {**FAST_FETCH, "max_retries": 0, "breaker_threshold": 2},
        }
        ws = make_workspace(
            tmp_path,
            providers=["northwind", "lumen-ai"],
            overrides={"northwind": override},
            contact=CONTACT,
            fetch_step_retries=0,
        )
        instance = DagsterInstance.ephemeral()
        first, second = _materialize(ws, "northwind", instance), _materialize(ws, "northwind", instance)
        assert not first.success and not second.success
        asked = len(server.requested("/v1/"))
        third = _materialize(ws, "northwind", instance)
        assert len(server.requested("/v1/")) == asked  # no live request while the breaker is open
    assert third.success
    raw = _meta(third, "raw_postings")
    assert raw["live_result"] == "breaker_open" and raw["live_attempted"] == "n"
    assert raw["fresh_observation"] is False and raw["snapshot_date"] == DAY
    assert "resume after" in raw["live_detail"]
    failure = next(e for e in second.all_events if e.event_type == DagsterEventType.STEP_FAILURE)
    cause = failure.step_failure_data.user_failure_data
    assert "provider 'northwind': failed: " in cause.description and "HTTP 503" in cause.description
    assert (
        cause.metadata["live_result"].value == "failed"
        and "quarantine" in cause.metadata["quarantined_responses"].value
    )

    defs = ws.definitions()
    execute_job(defs, "daily_ingest", f"{DAY}|lumen-ai", instance, trigger="test")
    rollup = execute_job(
        defs, "daily_rollup", DAY, instance, trigger="test", assets=["job_history", "job_changes"]
    )
    history = materialized_metadata(rollup)["job_history"]
    assert history["providers_stale"] == ["northwind"] and history["providers_fetched"] == ["lumen-ai"]


def test_dagster_step_retry_refetches_and_the_breaker_counts_the_run_once(tmp_path):
    board = BY_ATS["greenhouse"]
    with BoardServer() as server:
        board.serve(server)
        server.route(board.main, Reply(503), Reply(503), Reply(503), Reply(200, board.routes[board.main]))
        entry = board.entry(server, fetch={**FAST_FETCH, "max_retries": 0})
        ws = make_workspace(
            tmp_path,
            providers=[],
            entries=[entry],
            scrape_mode="live",
            contact=CONTACT,
            fetch_step_retries=1,
            fetch_step_retry_delay_s=0,
        )
        store = LocalObjectStore(ws.settings.storage_url)
        failed = _materialize(ws, board.key)  # both attempts of the one run meet a 503
        assert not failed.success
        assert any(e.event_type == DagsterEventType.STEP_UP_FOR_RETRY for e in failed.all_events)
        assert load_breaker(store, board.key).consecutive_failures == 1
        recovered = _materialize(ws, board.key)  # 503, then the step retry gets the board
    assert recovered.success and _meta(recovered, "jobs")["dagster/row_count"] == 2
    assert load_breaker(store, board.key).consecutive_failures == 0


def test_record_mode_saves_a_capture_that_replays_offline(tmp_path):
    board = BY_ATS["workable"]
    with BoardServer() as server:
        board.serve(server)
        ws = make_workspace(
            tmp_path, providers=[], entries=[board.entry(server)], scrape_mode="record", contact=CONTACT
        )
        recorded = _materialize(ws, board.key)
    assert recorded.success
    capture = Path(ws.settings.storage_url) / "snapshots" / board.key / f"{DAY}.tar.gz"
    assert capture.exists()
    offline = make_workspace(
        tmp_path / "offline",
        providers=[],
        entries=[board.entry(server)],
        storage_url=ws.settings.storage_url,
        scrape_mode="snapshot",
    )
    replayed = _materialize(offline, board.key)  # the server is gone: only the capture can answer
    assert replayed.success
    assert _meta(replayed, "raw_postings")["source"] == f"recorded:snapshots/{board.key}/{DAY}.tar.gz"
    assert _meta(replayed, "jobs")["content_hash"] == _meta(recorded, "jobs")["content_hash"]
