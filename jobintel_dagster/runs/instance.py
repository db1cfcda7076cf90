"""The embedded Dagster instance that ``make run`` and ``make ui`` share.

Both must point at the same ``DAGSTER_HOME`` or the UI would not show what ``make run`` did; this
module is the one place that decides it (default ``.jobintel/dagster_home``). Its configuration is
the repository's root ``dagster.yaml``, read from that one file: the home's ``dagster.yaml`` is a
symbolic link to it, so there is no copy to drift. ``python -m jobintel_dagster.runs.instance``
prepares the home for ``make ui``.
"""

import contextlib
import io
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from dagster import DagsterInstance
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from jobintel_dagster.runs.errors import InstanceUnavailable

DEFAULT_HOME = Path(".jobintel/dagster_home")
ROOT_CONFIG = Path(__file__).resolve().parents[2] / "dagster.yaml"


def ensure_dagster_home() -> Path:
    """Set ``DAGSTER_HOME`` if unset, create it, link its config to ``ROOT_CONFIG``; returns the
    absolute path. A home elsewhere (``DAGSTER_HOME`` set to another directory) that already has a
    ``dagster.yaml`` keeps it: that is a deployment's or a test's instance, not ours to rewrite."""
    home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    config = home / "dagster.yaml"
    ours = home in (DEFAULT_HOME.resolve(), ROOT_CONFIG.parent / DEFAULT_HOME)
    if not config.exists() or (ours and config.resolve() != ROOT_CONFIG):
        config.unlink(missing_ok=True)
        config.symlink_to(ROOT_CONFIG)
    return home


def innermost_message(exc: BaseException) -> str:
    """The first line of the innermost cause: the driver's own words, without the wrappers."""
    while (inner := exc.__cause__ or exc.__context__) is not None:
        exc = inner
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

    def __init__(self, target: TextIO, prefix: str) -> None:
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


if __name__ == "__main__":
    print(ensure_dagster_home())
