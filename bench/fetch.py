"""Fetch + parse throughput against a loopback board server, at the default politeness settings.

Every bundled board (6 companies on Greenhouse, Lever and Ashby; 172 postings on 2026-11-20) is
served from one loopback host, the way many companies share one ATS host, and fetched live through
the full path (allowed domains, robots.txt, the host gate, retries, deny detection) and parsed.
At the defaults the host gate (1 request/s per host) dominates: the interesting number is how
far below that ceiling the rest of the path keeps us. The same boards with the gate opened up
(50 requests/s) show what fetching and parsing cost by themselves.
"""

from __future__ import annotations

import json
import tempfile
import time
from datetime import date
from pathlib import Path

from jobintel_core.config.registry import ProviderConfig, load_registry
from jobintel_core.config.settings import DEFAULT_REGISTRY, DEFAULT_SNAPSHOT_DIR
from jobintel_core.ingestion.acquisition.captures import find_snapshot
from jobintel_core.ingestion.acquisition.modes import SourceConfig, obtain_payload
from jobintel_core.ingestion.ats import family_for, policy_for
from jobintel_core.storage.objects import LocalObjectStore
from tests.support.board_server import BoardServer, Reply

DAY = date(2026, 11, 20)


def _serve(server: BoardServer, provider: ProviderConfig) -> None:
    body = find_snapshot(DEFAULT_SNAPSHOT_DIR, provider.key, DAY).load().only()[1]
    if provider.ats == "greenhouse":
        server.route(f"/v1/boards/{provider.board}/jobs?content=true&pay_transparency=true", Reply(200, body))
    elif provider.ats == "ashby":
        server.route(f"/posting-api/job-board/{provider.board}?includeCompensation=true", Reply(200, body))
    else:  # lever pages by 100
        postings = json.loads(body)
        for skip in range(0, len(postings) + 1, 100):
            page = json.dumps(postings[skip : skip + 100]).encode()
            server.route(f"/v0/postings/{provider.board}?mode=json&skip={skip}&limit=100", Reply(200, page))


def _pass(fetch_overrides: dict[str, float]) -> dict[str, float]:
    boards = load_registry(DEFAULT_REGISTRY).enabled()
    with BoardServer() as server, tempfile.TemporaryDirectory() as tmp:
        server.route("/robots.txt", Reply(200, b"User-agent: *\nAllow: /\n", {"Content-Type": "text/plain"}))
        live = []
        for board in boards:
            _serve(server, board)
            live.append(
                board.model_copy(
                    update={
                        "base_url": server.url,
                        "allowed_domains": ("127.0.0.1",),
                        "allow_private_network": True,
                        "fetch": fetch_overrides,
                    }
                )
            )
        config = SourceConfig(
            mode="live", snapshot_dir=Path(tmp), store=LocalObjectStore(tmp), contact="bench@example.org"
        )
        start = time.perf_counter()
        jobs = requests = 0
        waited = 0.0
        for provider in live:
            raw = obtain_payload(provider, DAY, config)
            jobs += len(family_for(provider.ats).parse(raw.payload, provider, raw.record.fetched_at).postings)
            requests += raw.record.requests
            waited += raw.record.politeness_wait_s
        elapsed = time.perf_counter() - start
    rps = policy_for(live[0]).rps
    return {
        "boards": len(live),
        "jobs": jobs,
        "requests": requests,
        "rps_per_host": rps,
        "seconds": round(elapsed, 2),
        "jobs_per_s": round(jobs / elapsed, 1),
        "requests_per_s": round(requests / elapsed, 2),
        "politeness_wait_s": round(waited, 2),
        "ceiling_seconds": round((requests - 1) / rps, 2),
    }


def run() -> dict[str, float]:
    default = _pass({})
    open_gate = _pass({"rps": 50})
    return {
        **{f"default_{k}": v for k, v in default.items()},
        **{f"open_gate_{k}": v for k, v in open_gate.items() if k not in ("boards", "jobs", "requests")},
    }
