"""The daily digest of new matches, and what a channel that delivers it must do.

A digest is built once per profile and channel from the shortlist and the ledger (``messages``); each
channel (Discord, e-mail, Apprise) only renders and delivers it, so the rule of what is alerted, and
when, lives in one place whatever the channel.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from jobintel_core.config.settings import APPRISE_URLS_ENV, WEBHOOK_ENV, Settings
from jobintel_core.matching.profiles.profile import AlertChannelName


@dataclass(frozen=True)
class DigestJob:
    job_id: str
    score: float
    title: str
    company: str
    reasons: str
    url: str


@dataclass(frozen=True)
class Digest:
    """One profile's new matches of one day, not yet sent on the channel it is for."""

    profile: str
    day: date
    min_score: float
    shortlisted: int
    jobs: tuple[DigestJob, ...]

    def counts(self) -> str:
        count = len(self.jobs)
        return (
            f"{count} new match{'es' if count != 1 else ''} ≥ {self.min_score:.0f} "
            f"({self.shortlisted} on the shortlist)"
        )

    def headline(self) -> str:
        return f"JobIntel · {self.profile} · {self.day.isoformat()} — {self.counts()}"

    def plain_lines(self) -> list[str]:
        """The jobs as plain text (e-mail, Apprise): untrusted text stays text, never markup."""
        lines = []
        for job in self.jobs:
            lines += [
                f"{job.score:.0f} · {job.title} — {job.company}",
                f"   {job.reasons[:300]}",
                f"   {job.url}",
            ]
        return lines


class Channel(Protocol):
    """Delivers a digest; raises ``discord.AlertError`` (never naming a secret) when it cannot."""

    @property
    def name(self) -> AlertChannelName: ...

    def send(self, digest: Digest) -> int:
        """Deliver ``digest``; the number of messages it took."""
        ...


def configured_channels(settings: Settings, environ: Mapping[str, str]) -> list[AlertChannelName]:
    """The channels this deployment can deliver on: their names only, for the web settings page and
    the hooks; whether a secret is set is read, its value is not."""
    found: list[AlertChannelName] = []
    if environ.get(WEBHOOK_ENV):
        found.append("discord")
    if settings.smtp_host and settings.smtp_from:
        found.append("email")
    if environ.get(APPRISE_URLS_ENV, "").strip():
        found.append("apprise")
    return found
