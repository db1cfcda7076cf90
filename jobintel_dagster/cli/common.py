"""What the commands share: the configured store, "today", and stored tables with messages for people."""

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

import pandas as pd

from jobintel_core.config.settings import Settings, load_settings
from jobintel_core.storage.keys import stored_dates
from jobintel_core.storage.objects import ObjectStore
from jobintel_core.storage.tables import read_table
from jobintel_core.storage.urls import open_store
from jobintel_dagster.cli.exit_codes import CommandFailed, ExitCode

T = TypeVar("T")


def configured_store() -> ObjectStore:
    return open_store(load_settings().storage_url)


def today() -> date:
    return datetime.now(ZoneInfo(load_settings().timezone)).date()


def stored_table(store: ObjectStore, asset: str, day: date | None = None) -> tuple[date, pd.DataFrame]:
    """A daily table: the given date, or the latest one stored; exits with a hint when absent."""
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
    return chosen, read_table(store, asset, chosen.isoformat())


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
