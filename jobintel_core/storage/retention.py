"""Retention: which stored objects are old enough to prune.

Raw payloads are the bulkiest and are pruned first (``raw_days``), and with them the stored search
indexes (``job_index/<day>.faiss`` and its manifest: ~1.5 GB a day at a million jobs, and derived:
a day whose index is gone is searched by building one from its ``job_index`` table, which is kept);
per-day tables after ``partition_days``. ``job_history`` and user state are never pruned: the history *is* the record
of what was seen, and each day's history already carries everything before it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from jobintel_core.storage.keys import HISTORY, JOB_INDEX, QUARANTINE, RAW_POSTINGS, USER_STATE, key_date

RAW_ASSETS = (RAW_POSTINGS, QUARANTINE)
DAILY_ASSETS = ("jobs", "job_changes")
NEVER_PRUNED = (HISTORY, USER_STATE)
INDEX_SUFFIXES = (".faiss", ".faiss.json")


@dataclass(frozen=True)
class RetentionPolicy:
    raw_days: int = 30
    partition_days: int = 180

    def __post_init__(self) -> None:
        if self.raw_days < 1 or self.partition_days < 1:
            raise ValueError("retention limits must be at least 1 day")


def prunable_keys(keys: list[str], today: date, policy: RetentionPolicy) -> list[str]:
    """Keys whose partition date is older than its asset's limit (strictly before the cut-off)."""
    raw_cutoff = today - timedelta(days=policy.raw_days)
    daily_cutoff = today - timedelta(days=policy.partition_days)
    out = []
    for key in keys:
        asset = key.split("/", 1)[0]
        if asset in NEVER_PRUNED:
            continue
        day = key_date(key)
        if day is None:
            continue
        bulky = asset in RAW_ASSETS or (asset == JOB_INDEX and key.endswith(INDEX_SUFFIXES))
        if (bulky and day < raw_cutoff) or (asset in DAILY_ASSETS and day < daily_cutoff):
            out.append(key)
    return sorted(out)
