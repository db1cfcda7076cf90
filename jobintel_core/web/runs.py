"""What the app needs from the Dagster instance, as a protocol: the core app never imports dagster;
``jobintel_dagster.web.runs`` implements it over the instance and ``jobintel web`` passes it in."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pydantic import BaseModel


class RunSummary(BaseModel):
    run_id: str
    job: str
    status: str
    partition: str | None
    started: datetime | None
    ended: datetime | None
    failure: str | None = None  # the one-line cause of a failed run


class RunsSource(Protocol):
    def recent_runs(self, limit: int) -> list[RunSummary]:
        """The newest runs first."""
        ...

    def check(self) -> None:
        """Raise when the instance cannot be reached (``/healthz``)."""
        ...
