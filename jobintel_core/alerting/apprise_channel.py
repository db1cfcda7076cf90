"""The digest through Apprise (Slack, Telegram, ntfy, Matrix, e-mail services, … one URL each).

Apprise URLs carry their service's token, so they are secrets: errors name how many URLs failed,
never which, and Apprise's own logger is silenced while it sends (some of its services log the
request URL, token included, at debug level)."""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

import apprise

from jobintel_core.alerting.channels import Digest
from jobintel_core.alerting.discord import AlertError


def split_urls(text: str) -> list[str]:
    """``JOBINTEL_APPRISE_URLS``: URLs separated by spaces or new lines."""
    return text.split()


@contextmanager
def _apprise_logs_off() -> Iterator[None]:
    logger = logging.getLogger("apprise")
    before = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = before


@dataclass(frozen=True)
class AppriseChannel:
    urls: Sequence[str] = field(repr=False)
    name: Literal["apprise"] = "apprise"

    def send(self, digest: Digest) -> int:
        with _apprise_logs_off():
            notifier = apprise.Apprise()
            for position, url in enumerate(self.urls, start=1):
                if not notifier.add(url):
                    raise AlertError(f"Apprise URL #{position} is not one Apprise can use")
            delivered = notifier.notify(
                title=digest.headline(),
                body="\n".join(digest.plain_lines()) or digest.counts(),
                body_format=apprise.NotifyFormat.TEXT,
            )
        if not delivered:
            raise AlertError(
                f"Apprise could not deliver the digest to every one of its {len(self.urls)} URL(s)"
            )
        return len(self.urls)
