"""A stored day for the web app, made once per session by the real pipeline on two bundled boards
(one capture day: a small day keeps the web tests short), with one posting of the test's own copy of a capture made
hostile; each module gets its own copy of the storage and profiles to write user state into."""

from __future__ import annotations

import html
import json
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import uvicorn

from jobintel_core.matching.embeddings.encoder import default_model_path, load_encoder
from jobintel_core.storage.keys import HISTORY
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.storage.tables import latest_daily_table
from jobintel_core.web.app import create_app
from jobintel_core.web.deps import WebConfig
from tests.conftest import REPO_ROOT, free_port, make_workspace

DAYS = [date(2026, 11, 20)]
PROVIDERS = ["northwind", "helio-labs"]
HOSTILE_JOB = "4120296"  # Helio Labs' Senior Data Engineer: high on alex's shortlist
HOSTILE_HOST = "hostile.example"
HOSTILE_HTML = (
    f'<p>Join us.</p><script src="http://{HOSTILE_HOST}/x.js"></script><script>alert("script")</script>'
    f'<img src="http://{HOSTILE_HOST}/pixel.gif" onerror="alert(\'onerror\')">'
    "<a href=\"javascript:alert('link')\">Apply fast</a>"
    "<style>body{display:none} .overlay{position:fixed;inset:0}</style>"
    f'<div style="position:fixed;top:0;left:0;width:100%;height:100%;background:url(http://{HOSTILE_HOST}/bg.png)">'
    "overlay</div>"
)


def _make_hostile(snapshot: Path) -> None:
    """Append the hostile markup to one posting of the workspace's copy of a capture (an input of
    the pipeline: what a board could send), escaped the way Greenhouse escapes ``content``."""
    document = json.loads(snapshot.read_text())
    for job in document["jobs"]:
        if str(job["id"]) == HOSTILE_JOB:
            job["content"] += html.escape(HOSTILE_HTML)
    snapshot.write_text(json.dumps(document))


@pytest.fixture(scope="session")
def web_day(tmp_path_factory) -> Path:
    """The pipeline's stored tables for ``DAYS`` (history, changes, scores, shortlist); its root."""
    from dagster import DagsterInstance

    from jobintel_dagster.runs.day import run_day

    root = tmp_path_factory.mktemp("web_day")
    shutil.copytree(REPO_ROOT / "config" / "profiles", root / "profiles")
    ws = make_workspace(root, providers=PROVIDERS, profiles_dir=root / "profiles")
    _make_hostile(ws.snapshot_path("helio-labs", DAYS[-1].isoformat()))
    defs, instance = ws.definitions(), DagsterInstance.ephemeral()
    outcomes = [run_day(defs, instance, d, log_level="ERROR") for d in DAYS]
    assert all(o.ok for o in outcomes), [(o.providers, o.history_error) for o in outcomes]
    return root


def hostile_job_id(store: LocalObjectStore) -> str:
    """The hostile posting's job id, from the stored history."""
    _, history = latest_daily_table(store, HISTORY)
    found = history[(history["provider"] == "helio-labs") & (history["external_id"] == HOSTILE_JOB)]
    return str(found.iloc[0]["job_id"])


@dataclass
class Site:
    root: Path
    config: WebConfig

    @property
    def store(self) -> LocalObjectStore:
        return LocalObjectStore(self.root / "storage")


def make_site(web_day: Path, root: Path, **config: object) -> Site:
    """A copy of the stored day and profiles under ``root`` and the app's config over it."""
    shutil.copytree(web_day / "storage", root / "storage")
    shutil.copytree(web_day / "profiles", root / "profiles")
    values: dict = {
        "store": LocalObjectStore(root / "storage"),
        "profiles_dir": root / "profiles",
        "timezone": "UTC",
        "secret": "s" * 40,
        "encoder": load_encoder(str(default_model_path())),  # the model loads on the first search only
        **config,
    }
    return Site(root, WebConfig(**values))


@contextmanager
def served(config: WebConfig) -> Iterator[str]:
    """The app on a free loopback port in a thread (uvicorn, as ``jobintel web`` serves it)."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the web app did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)
