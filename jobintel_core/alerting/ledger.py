"""Which jobs were already alerted, per profile and channel, kept in storage
(``storage.keys.alert_ledger_key``), so a rerun, a backfill or a replay never alerts the same job
twice on a channel, and a channel that failed is retried alone."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from jobintel_core.storage.keys import alert_ledger_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore


class AlertLedger:
    """Which jobs were already alerted, per profile and channel, in storage (atomic writes)."""

    def __init__(self, store: ObjectStore) -> None:
        self.store = store

    def sent(self, profile: str, channel: str = "discord") -> dict[str, str]:
        try:
            sent: dict[str, str] = json.loads(self.store.get(alert_ledger_key(profile, channel)))
        except ObjectMissing:
            return {}
        return sent

    def record(self, profile: str, job_ids: Iterable[str], day: date, channel: str = "discord") -> None:
        entries = {**self.sent(profile, channel), **{job_id: day.isoformat() for job_id in job_ids}}
        self.store.put(
            alert_ledger_key(profile, channel), json.dumps(dict(sorted(entries.items())), indent=1).encode()
        )
