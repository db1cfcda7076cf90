"""One alert per suspicious drop: a board that shrank suspiciously (``history.tracking.DropRule``)
is announced when the drop starts, not every day it lasts, and again only after it has ended.

Which drops were announced is kept in storage (``alerts/drops.json``: provider → the day it was
announced), so a rerun or backfill of the same day does not announce it twice, and an alert that
could not be delivered is tried again on the next day's run.
"""

from __future__ import annotations

import json
from datetime import date

import pandas as pd

from jobintel_core.alerting.discord import DiscordWebhook, escape_discord
from jobintel_core.storage.keys import DROP_ALERTS
from jobintel_core.storage.objects import ObjectMissing, ObjectStore


def suspect_providers(history: pd.DataFrame) -> dict[str, tuple[int, int]]:
    """Provider → (suspicious fetches in a row, jobs held open) from a ``job_history`` table."""
    if history.empty:
        return {}
    held = history[(history["suspect_drops"] > 0) & (history["status"] == "open")]
    grouped = held.groupby("provider")["suspect_drops"].agg(["max", "size"])
    return {str(p): (int(row["max"]), int(row["size"])) for p, row in grouped.iterrows()}


def drop_message(provider: str, streak: int, held: int, confirmations: int, day: date) -> str:
    return (
        f"**JobIntel · suspicious drop** · `{escape_discord(provider)}` · {day.isoformat()}\n"
        f"The board shrank suspiciously ({held} open job{'s' if held != 1 else ''} not listed; "
        f"{streak} of {confirmations} fetches in a row). Its jobs are held open until the drop "
        f"repeats {confirmations} times. Check the board token or careers page."
    )


class DropAlerts:
    """Announced drops, in storage (atomic writes)."""

    def __init__(self, store: ObjectStore) -> None:
        self.store = store

    def announced(self) -> dict[str, str]:
        try:
            announced: dict[str, str] = json.loads(self.store.get(DROP_ALERTS))
        except ObjectMissing:
            return {}
        return announced

    def send(
        self, history: pd.DataFrame, day: date, webhook: DiscordWebhook, confirmations: int
    ) -> list[str]:
        """Post a message for each drop not yet announced; forget drops that ended. Returns the
        providers announced now. A delivery error propagates after the drops already posted are
        recorded, so none of them is posted twice."""
        suspects = suspect_providers(history)
        before = self.announced()
        state = {p: d for p, d in before.items() if p in suspects}  # a drop that ended is forgotten
        posted: list[str] = []
        try:
            for provider, (streak, held) in sorted(suspects.items()):
                if provider not in state:
                    webhook.post(drop_message(provider, streak, held, confirmations, day))
                    state[provider] = day.isoformat()
                    posted.append(provider)
        finally:
            if state != before:
                self.store.put(DROP_ALERTS, json.dumps(dict(sorted(state.items())), indent=1).encode())
        return posted
