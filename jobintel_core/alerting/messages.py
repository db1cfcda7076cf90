"""What an alert says: each profile's new strong matches (once per job), and a failure naming the
asset, partition and error."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from jobintel_core.alerting.discord import MAX_CONTENT, DiscordWebhook, escape_discord, split_message
from jobintel_core.alerting.ledger import AlertLedger


def _job_line(row: dict[str, Any]) -> str:
    why = escape_discord(row["reasons"])[:300]
    return (
        f"**{row['score']:.0f}** · {escape_discord(row['title'])} — {escape_discord(row['company'])}\n"
        f"   {why}\n   <{row['url']}>"
    )


@dataclass(frozen=True)
class AlertSummary:
    profile: str
    new_jobs: int
    messages: int


def send_new_matches(
    shortlist: pd.DataFrame,
    day: date,
    webhook: DiscordWebhook,
    ledger: AlertLedger,
    min_score: float,
    always_summary: bool = False,
) -> list[AlertSummary]:
    """Post each profile's new shortlist entries at or above ``min_score`` not alerted before."""
    out = []
    for profile, rows in shortlist.groupby("profile", sort=True):
        already = ledger.sent(str(profile))
        fresh = rows[rows["is_new"] & (rows["score"] >= min_score) & ~rows["job_id"].isin(list(already))]
        if fresh.empty and not always_summary:
            out.append(AlertSummary(str(profile), 0, 0))
            continue
        header = (
            f"**JobIntel · {escape_discord(str(profile))} · {day.isoformat()}** — "
            f"{len(fresh)} new match{'es' if len(fresh) != 1 else ''} ≥ {min_score:.0f} "
            f"({len(rows)} on the shortlist)"
        )
        messages = split_message([header, *(_job_line(r) for r in fresh.to_dict("records"))])
        for message in messages:
            webhook.post(message)
        ledger.record(str(profile), fresh["job_id"], day)
        out.append(AlertSummary(str(profile), len(fresh), len(messages)))
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
