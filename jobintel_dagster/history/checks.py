"""The check on ``job_history``: ``no_suspicious_drop``, its spec and how its result is built.

Evaluated inside the ``job_history`` step, from the fold's own statistics (which boards shrank
suspiciously today), which no later step could recompute without folding the day again. It warns
and never blocks: a suspect board's jobs are held open until the drop repeats.
"""

from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, MetadataValue

from jobintel_core.history.tracking import DropRule, HistoryStats
from jobintel_core.storage.keys import HISTORY

NO_SUSPICIOUS_DROP = AssetCheckSpec(
    "no_suspicious_drop",
    asset=HISTORY,
    description="No board shrank suspiciously today (10+ open jobs answering none, or losing more "
    "than half); such a board's jobs are held open until the drop repeats.",
)


def suspicious_drop_result(stats: HistoryStats, drops: DropRule) -> AssetCheckResult:
    return AssetCheckResult(
        check_name=NO_SUSPICIOUS_DROP.name,
        passed=not stats.suspect_drops,
        severity=AssetCheckSeverity.WARN,
        metadata={
            "suspect_drops": MetadataValue.json(stats.suspect_drops),
            "confirmations": drops.confirmations,
        },
    )
