"""Shared fixtures: real services and a code location built over a test's own files.

Services are real: PostgreSQL on 127.0.0.1:5432 and moto's S3 server on a free loopback port.
When a service is missing a test skips locally but *fails* under ``CI`` (``CI=true``), so CI can
never go green by skipping what it was meant to check.
"""

from __future__ import annotations

import os
import shutil
import socket
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
import yaml

from jobintel_core.config.registry import ProviderRegistry, load_registry
from jobintel_core.config.settings import DEFAULT_SNAPSHOT_DIR, Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
BUNDLED_REGISTRY = REPO_ROOT / "config" / "providers.yaml"
PG_HOST, PG_PORT, PG_USER = "127.0.0.1", 5432, "postgres"


# The slowest files, longest first (measured: pytest prints the 12 slowest tests). `make test` runs
# files on 2 workers (`-n 2 --dist loadfile`), which take files in collection order: starting the
# long ones first lets the many short ones fill in beside them instead of queueing after them.
SLOW_FILES_FIRST = (
    "dagster/automation/test_ui_backfills.py",
    "dagster/cli/test_interactive_runs.py",
    "dagster/cli/test_commands.py",
    "dagster/matching/test_assets.py",
    "dagster/history/test_assets.py",
    "dagster/warehouse/test_warehouse.py",
    "dagster/runs/test_replay.py",
    "dagster/insights/test_insights.py",
    "dagster/cli/test_light_commands.py",
    "dagster/test_no_secrets_leak.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    rank = {name: n for n, name in enumerate(SLOW_FILES_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0].removeprefix("tests/"), len(rank)))


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def service_missing(what: str) -> None:
    """Fail under CI, skip elsewhere: a missing service must never turn CI green."""
    message = f"{what} is not available"
    if in_ci():
        pytest.fail(f"{message} (CI=true: service tests must run)")
    pytest.skip(f"{message}; skipped only because CI is not set")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class PostgresDatabase:
    host: str
    port: int
    user: str
    db_name: str

    def env(self) -> dict[str, str]:
        return {
            "DAGSTER_PG_HOST": self.host,
            "DAGSTER_PG_PORT": str(self.port),
            "DAGSTER_PG_USER": self.user,
            "DAGSTER_PG_PASSWORD": "",
            "DAGSTER_PG_DB": self.db_name,
        }


@pytest.fixture
def postgres_db() -> Iterator[PostgresDatabase]:
    """A fresh, empty database on the real server, dropped afterwards."""
    import psycopg2

    try:
        admin = psycopg2.connect(
            host=PG_HOST, port=PG_PORT, user=PG_USER, dbname="postgres", connect_timeout=5
        )
    except psycopg2.OperationalError as exc:
        service_missing(f"PostgreSQL on {PG_HOST}:{PG_PORT} ({exc})")
    admin.autocommit = True
    name = f"jobintel_test_{uuid.uuid4().hex[:10]}"
    with admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{name}"')
    try:
        yield PostgresDatabase(PG_HOST, PG_PORT, PG_USER, name)
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    bucket: str

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name="us-east-1")


@pytest.fixture
def s3_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[S3Server]:
    """moto's S3 server over real HTTP on loopback, with a fresh bucket; AWS_* env points at it."""
    try:
        from moto.server import ThreadedMotoServer
    except ImportError as exc:  # moto is a dev dependency; its absence is an install problem
        service_missing(f"moto server ({exc})")
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for key, value in {
        "AWS_ENDPOINT_URL": endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
    }.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    s3 = S3Server(endpoint, f"jobintel-{uuid.uuid4().hex[:8]}")
    s3.client().create_bucket(Bucket=s3.bucket)
    try:
        yield s3
    finally:
        server.stop()


@pytest.fixture
def bundled_registry() -> ProviderRegistry:
    return load_registry(BUNDLED_REGISTRY)


@dataclass
class Workspace:
    """A test's own registry, snapshots and storage; ``definitions()`` builds the pipeline code
    location, ``warehouse_definitions()`` the warehouse one (dbt and insights)."""

    root: Path
    settings: Settings
    registry_path: Path

    def registry(self) -> ProviderRegistry:
        return load_registry(self.registry_path)

    def definitions(self):
        from jobintel_dagster.code_location import build_definitions

        return build_definitions(self.settings, self.registry())

    def warehouse_definitions(self):
        from jobintel_dagster.code_location import build_warehouse_definitions

        return build_warehouse_definitions(self.settings, self.registry())

    def snapshot_path(self, provider: str, day: str) -> Path:
        return Path(self.settings.snapshot_dir) / provider / f"{day}.json"


def make_workspace(
    root: Path,
    providers: list[str] | None = None,
    storage_url: str | None = None,
    entries: list[dict] | None = None,
    overrides: dict[str, dict] | None = None,
    **settings: object,
) -> Workspace:
    """Copy the bundled registry entries (all, or ``providers``) and their snapshots under ``root``;
    ``overrides`` changes fields of bundled entries by key, ``entries`` adds whole new ones."""
    snapshot_dir = root / "snapshots"
    snapshot_dir.mkdir(parents=True, exist_ok=True)
    document = yaml.safe_load(BUNDLED_REGISTRY.read_text())
    bundled = [e for e in document["providers"] if providers is None or e["key"] in providers]
    for entry in bundled:
        shutil.copytree(DEFAULT_SNAPSHOT_DIR / entry["key"], snapshot_dir / entry["key"])
    entries = [{**e, **(overrides or {}).get(e["key"], {})} for e in bundled] + list(entries or [])
    registry_path = root / "providers.yaml"
    registry_path.write_text(yaml.safe_dump({"providers": entries}))
    values = {
        "providers_file": registry_path,
        "storage_url": storage_url or str(root / "storage"),
        "snapshot_dir": snapshot_dir,
        "warehouse_url": str(root / "warehouse.duckdb"),
        **settings,
    }
    return Workspace(root, Settings.model_validate(values), registry_path)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


DAYS = [
    date(2026, 11, 17),
    date(2026, 11, 18),
    date(2026, 11, 19),
    date(2026, 11, 20),
]  # the bundled captures


@pytest.fixture(scope="session")
def bundled_days(tmp_path_factory):
    """All six boards over the four capture days, on one instance, in date order (the rollups load
    the workspace's DuckDB warehouse too). Shared by modules: a test that changes stored data works
    on a copy."""
    from dagster import DagsterInstance

    from jobintel_dagster.runs.day import run_day

    ws = make_workspace(tmp_path_factory.mktemp("bundled"))
    defs, instance = ws.definitions(), DagsterInstance.ephemeral()
    outcomes = [run_day(defs, instance, d, log_level="ERROR") for d in DAYS]
    assert all(o.ok for o in outcomes), [(o.providers, o.history_error) for o in outcomes]
    return ws, defs, instance


@pytest.fixture(scope="session")
def built_warehouse(bundled_days):
    """The bundled days' DuckDB warehouse after one ``dbt build`` (what ``jobintel run`` does)."""
    from jobintel_dagster.runs.warehouse import build_warehouse

    ws, _, instance = bundled_days
    outcome = build_warehouse(ws.warehouse_definitions(), instance, "ERROR", verbose=False)
    assert outcome.ok, outcome
    return outcome


@pytest.fixture
def fake_discord():
    from tests.support.fake_discord import FakeDiscord

    server = FakeDiscord().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_smtp():
    from tests.support.fake_smtp import FakeSmtp

    server = FakeSmtp().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_push():
    from tests.support.fake_push import FakePush

    server = FakePush().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_llm():
    from tests.support.fake_llm import FakeLlm

    server = FakeLlm().start()
    try:
        yield server
    finally:
        server.stop()
