"""Which jobs were already alerted, per profile, kept in storage (``alerts/sent/<profile>.json``),
so a rerun, a backfill or a replay never alerts the same job twice."""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date

from jobintel_core.storage.keys import alert_ledger_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore


class AlertLedger:
    """Which jobs were already alerted, per profile, in storage (atomic writes)."""

    def __init__(self, store: ObjectStore) -> None:
        self.store = store

    def sent(self, profile: str) -> dict[str, str]:
        try:
            return json.loads(self.store.get(alert_ledger_key(profile)))
        except ObjectMissing:
            return {}

    def record(self, profile: str, job_ids: Iterable[str], day: date) -> None:
        entries = {**self.sent(profile), **{job_id: day.isoformat() for job_id in job_ids}}
        self.store.put(
            alert_ledger_key(profile), json.dumps(dict(sorted(entries.items())), indent=1).encode()
        )
