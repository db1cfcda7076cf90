"""What the commands share: the configured store, "today", and stored tables with messages for people."""

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

import pandas as pd

from jobintel_core.config.settings import Settings, load_settings
from jobintel_core.matching.profiles.user_state import UnknownJob, resolve_job_id
from jobintel_core.storage.keys import HISTORY, stored_dates
from jobintel_core.storage.objects import ObjectStore
from jobintel_core.storage.tables import latest_daily_table, read_table
from jobintel_core.storage.urls import open_store
from jobintel_dagster.cli.exit_codes import CommandFailed, ExitCode

T = TypeVar("T")


def configured_store() -> ObjectStore:
    return open_store(load_settings().storage_url)


def today() -> date:
    return datetime.now(ZoneInfo(load_settings().timezone)).date()


def stored_table(store: ObjectStore, asset: str, day: date | None = None) -> tuple[date, pd.DataFrame]:
    """A daily table: the given date, or the latest one stored; exits with a hint when absent."""
    chosen = stored_day(store, asset, day)
    return chosen, read_table(store, asset, chosen.isoformat())


def stored_day(store: ObjectStore, asset: str, day: date | None = None) -> date:
    """The given date, or the latest one ``asset`` has stored; exits with a hint when absent."""
    dates = stored_dates(store, asset)
    if not dates:
        raise CommandFailed(
            ExitCode.INVALID_INPUT, f"no {asset} stored yet: run `make run` (or `jobintel run`) first"
        )
    chosen = day or dates[-1]
    if chosen not in dates:
        raise CommandFailed(
            ExitCode.INVALID_INPUT, f"no {asset} for {chosen}; stored dates: {dates[0]} … {dates[-1]}"
        )
    return chosen


def canonical_job(store: ObjectStore, job_id: str) -> tuple[str, pd.Series]:
    """A job id as typed (a duplicate's or a repost's too) → the canonical id and its row in the
    latest stored history, which every command that records something about a job keys by."""
    found = latest_daily_table(store, HISTORY)
    if found is None:
        raise CommandFailed(
            ExitCode.INVALID_INPUT, "no job history yet: run `make run` (or `jobintel run`) first"
        )
    history_date, history = found
    try:
        canonical = resolve_job_id(history, job_id)
    except UnknownJob as exc:
        raise CommandFailed(ExitCode.INVALID_INPUT, f"{exc} (history of {history_date})") from None
    return canonical, history.loc[history["job_id"] == canonical].iloc[0]


def job_label(typed: str, canonical: str, row: pd.Series) -> str:
    """``<id> (via <alias>) <title> at <company>``: how a command names the job it recorded."""
    alias = f" (via {typed})" if canonical != typed else ""
    return f"{canonical}{alias} {row['title']} at {row['company']}"


def interactive_settings() -> Settings:
    """The environment's settings, with the short step-retry delay meant for someone waiting."""
    settings = load_settings()
    return settings.model_copy(update={"fetch_step_retry_delay_s": settings.interactive_retry_delay_s})


def configured(build: Callable[[Settings], T], settings: Settings) -> T:
    """``build(settings)`` (the code location's definitions), where a bad registry, profile folder
    or storage setting (a ``ValueError`` whose message is already one line) is invalid input."""
    try:
        return build(settings)
    except ValueError as exc:
        raise CommandFailed(ExitCode.INVALID_INPUT, f"configuration: {exc}") from None
