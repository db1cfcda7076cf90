"""What an alert says and when: each profile's new strong matches on each of its channels (once per
job and channel), and a failure naming the asset, partition and error."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from jobintel_core.alerting.channels import Channel, Digest, DigestJob
from jobintel_core.alerting.discord import MAX_CONTENT, AlertError, escape_discord
from jobintel_core.alerting.ledger import AlertLedger


def _digest_job(row: dict[str, Any]) -> DigestJob:
    return DigestJob(
        job_id=str(row["job_id"]),
        score=float(row["score"]),
        title=str(row["title"] or ""),
        company=str(row["company"] or ""),
        reasons=" ".join(str(row["reasons"] or "").split()),
        url=str(row["url"] or ""),
    )


@dataclass(frozen=True)
class AlertSummary:
    profile: str
    channel: str
    new_jobs: int
    messages: int
    error: str | None = None  # the channel failed: nothing recorded, the next run tries again


def send_new_matches(
    shortlist: pd.DataFrame,
    day: date,
    channels: Mapping[str, Sequence[Channel]],
    ledger: AlertLedger,
    min_score: float,
    always_summary: bool = False,
) -> list[AlertSummary]:
    """Send each profile's new shortlist entries at or above ``min_score`` on each of the profile's
    ``channels``, once per job and channel (the ledger). A channel that fails is reported in its
    summary and its ledger left as it was, so the next run retries it alone; the others go on."""
    out = []
    for name, rows in shortlist.groupby("profile", sort=True):
        profile = str(name)
        strong = rows[rows["is_new"] & (rows["score"] >= min_score)]
        for channel in channels.get(profile, ()):
            fresh = strong[~strong["job_id"].isin(list(ledger.sent(profile, channel.name)))]
            if fresh.empty and not always_summary:
                out.append(AlertSummary(profile, channel.name, 0, 0))
                continue
            jobs = tuple(_digest_job(row) for row in fresh.to_dict("records"))
            digest = Digest(profile, day, min_score, len(rows), jobs)
            try:
                messages = channel.send(digest)
            except AlertError as exc:
                out.append(AlertSummary(profile, channel.name, len(jobs), 0, str(exc)))
                continue
            ledger.record(profile, fresh["job_id"], day, channel.name)
            out.append(AlertSummary(profile, channel.name, len(jobs), messages))
    return out


def failure_message(asset: str, partition: str | None, error: str, run_url: str | None) -> str:
    lines = [
        f"**JobIntel failure** · `{escape_discord(asset)}`"
        + (f" · partition `{escape_discord(partition)}`" if partition else ""),
        escape_discord(error)[:1500],
    ]
    if run_url:
        lines.append(f"<{run_url}>")
    return "\n".join(lines)[:MAX_CONTENT]
