"""The history domain's job: ``prune_storage``, which deletes stored objects past the retention limits.

It lives with history because history is what it must never touch: it prunes raw payloads, stored
search indexes and per-day tables, and keeps ``job_history`` (every day's fold starts from it) and
user state. It has no schedule: an operator launches it from the UI (*Jobs*), with run config to
change the limits.

Limits come from run config, defaulting to ``JOBINTEL_RETAIN_RAW_DAYS`` and
``JOBINTEL_RETAIN_PARTITION_DAYS``; ``dry_run`` lists without deleting. The Dagster instance keeps
its materialization records for pruned partitions; loading one afterwards fails with the
"has not been materialized (nothing at …)" error, naming the key.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from dagster import Config, JobDefinition, MetadataValue, Nothing, OpExecutionContext, Out, Output, job, op

from jobintel_core.storage.keys import JOB_INDEX
from jobintel_core.storage.retention import DAILY_ASSETS, RAW_ASSETS, RetentionPolicy, prunable_keys
from jobintel_dagster.location import LocationContext
from jobintel_dagster.storage.resources import StorageResource


def build_retention_job(context: LocationContext) -> JobDefinition:
    settings = context.settings

    class PruneConfig(Config):
        raw_days: int = settings.retain_raw_days
        partition_days: int = settings.retain_partition_days
        dry_run: bool = False
        today: str = ""  # YYYY-MM-DD; empty means today in JOBINTEL_TIMEZONE

    @op(out=Out(Nothing, description="counts in metadata; nothing is stored"))
    def prune_old_partitions(context: OpExecutionContext, config: PruneConfig, storage: StorageResource):
        """Delete raw payloads and per-day tables older than the limits; never job_history."""
        policy = RetentionPolicy(raw_days=config.raw_days, partition_days=config.partition_days)
        today = (
            date.fromisoformat(config.today)
            if config.today
            else datetime.now(ZoneInfo(settings.timezone)).date()
        )
        store = storage.get_store()
        keys = [key for asset in (*RAW_ASSETS, JOB_INDEX, *DAILY_ASSETS) for key in store.list(f"{asset}/")]
        doomed = prunable_keys(keys, today, policy)
        for key in doomed:
            if not config.dry_run:
                store.delete(key)
            context.log.info(f"{'would delete' if config.dry_run else 'deleted'} {store.uri(key)}")
        return Output(
            None,
            metadata={
                "deleted": 0 if config.dry_run else len(doomed),
                "eligible": len(doomed),
                "dry_run": config.dry_run,
                "raw_days": policy.raw_days,
                "partition_days": policy.partition_days,
                "sample": MetadataValue.json(doomed[:20]),
            },
        )

    @job(description="Prune raw payloads and per-day partitions past the retention limits.")
    def prune_storage():
        prune_old_partitions()

    return prune_storage
