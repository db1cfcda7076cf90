"""The embedded Dagster instance that ``make run`` and ``make ui`` share.

Both must point at the same ``DAGSTER_HOME`` or the UI would not show what ``make run`` did; this
module is the one place that decides it (default ``.jobintel/dagster_home``) and seeds its
``dagster.yaml`` from ``deploy/local/dagster.yaml`` the first time.
"""

import contextlib
import io
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from dagster import DagsterInstance
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

DEFAULT_HOME = Path(".jobintel/dagster_home")
LOCAL_CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "local" / "dagster.yaml"


def ensure_dagster_home() -> Path:
    """Set ``DAGSTER_HOME`` if unset, create it, seed its config; returns the absolute path."""
    home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    config = home / "dagster.yaml"
    if not config.exists() and LOCAL_CONFIG.exists():
        shutil.copyfile(LOCAL_CONFIG, config)
    return home


class InstanceUnavailable(RuntimeError):
    """The instance's storage cannot be used; the message is one line naming it and the cause."""


def innermost_message(exc: BaseException) -> str:
    """The first line of the innermost cause: the driver's own words, without the wrappers."""
    while exc.__cause__ is not None or exc.__context__ is not None:
        exc = exc.__cause__ or exc.__context__
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text.splitlines()[0] if text else ''}".rstrip(": ")


def open_instance() -> DagsterInstance:
    """The local instance, checked with one query, so a wrong PostgreSQL host, port, role or
    database is one line at start rather than a traceback in the middle of a run."""
    home = ensure_dagster_home()
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)  # dagster-postgres logs each connection retry as a root WARNING
    try:
        instance = DagsterInstance.get()
        instance.get_runs(limit=1)
    except Exception as exc:
        raise InstanceUnavailable(
            f"the Dagster instance in {home} cannot be used: {innermost_message(exc)} "
            f"(check {home / 'dagster.yaml'} and the DAGSTER_PG_* variables)"
        ) from exc
    finally:
        root.setLevel(level)
    return instance


def storage_description(instance: DagsterInstance) -> str:
    """Where the instance keeps its runs, for messages: PostgreSQL's host, port and database (no
    password), or SQLite under the instance's home."""
    url = getattr(instance.run_storage, "postgres_url", None)
    if url:
        parsed = make_url(url)
        return f"PostgreSQL at {parsed.host}:{parsed.port or 5432} (database {parsed.database!r})"
    return f"SQLite in {instance.root_directory}"


def is_storage_failure(exc: BaseException) -> bool:
    """Whether ``exc`` (or anything it wraps) is the instance database going away: a driver error
    through SQLAlchemy, or dagster-postgres giving up its reconnection retries."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, DBAPIError) or type(seen).__name__ == "DagsterPostgresException":
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class _DropLines(io.TextIOBase):
    """A stderr that drops the lines Dagster writes straight to ``sys.stderr`` when an event cannot
    be stored (the CLI reports that failure itself, once)."""

    def __init__(self, target: io.TextIOBase, prefix: str) -> None:
        self.target, self.prefix = target, prefix

    def write(self, text: str) -> int:
        if not text.startswith(self.prefix):
            self.target.write(text)
        return len(text)

    def flush(self) -> None:
        self.target.flush()


@contextlib.contextmanager
def quiet_storage_retries() -> Iterator[None]:
    """Without ``--verbose``: no root-logger WARNING per reconnection attempt (dagster-postgres) and
    no raw "Exception while writing logger call" lines; the failure is summarized by the caller."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with contextlib.redirect_stderr(_DropLines(sys.stderr, "Exception while writing logger call")):
            yield
    finally:
        root.setLevel(level)
