"""``job_history`` and ``job_changes``: one step each per date, over every provider's ``jobs``.

``job_history`` folds the day's postings into the previous day's history, a declared input (lineage,
and date-ordered backfills); when that day was never materialized (a skipped day) it continues from
the latest earlier stored history, which means "no successful fetch that day", and says so.
``job_changes`` depends on the day's history and compares it with the history stored before that
day — by the same rule, the very history the day started from — so the changes always describe
exactly the step the history took.

They are two assets, not one multi-asset, so that any selection of rollup assets over any date
range can be backfilled from the UI: a non-subsettable multi-asset whose outputs map the
previous-day input differently cannot be (Dagster refuses the selection).
"""

from datetime import date, timedelta

import pandas as pd
from dagster import (
    AssetExecutionContext,
    AssetIn,
    AssetsDefinition,
    MetadataValue,
    TimeWindowPartitionMapping,
    asset,
)

from jobintel_core.history.tracking import (
    CHANGE_KINDS,
    CHANGES_SCHEMA,
    HISTORY_SCHEMA,
    DropRule,
    diff_history,
    update_history,
)
from jobintel_core.ingestion.acquisition.provenance import load_record
from jobintel_core.storage.keys import HISTORY, raw_archive_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.storage.tables import frame_hash, latest_daily_table
from jobintel_dagster.alerting.hooks import ASSET_HOOKS, drop_alert_hook
from jobintel_dagster.history.checks import NO_SUSPICIOUS_DROP, suspicious_drop_result
from jobintel_dagster.lineage import column_schema, versioned_output
from jobintel_dagster.location import LocationContext
from jobintel_dagster.partitions import split_partition_key
from jobintel_dagster.storage.resources import StorageResource

PREVIOUS_DAY = TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)


def base_history(
    store: ObjectStore, day: date, previous: dict[str, pd.DataFrame]
) -> tuple[date | None, pd.DataFrame | None]:
    """The history a day starts from: the previous day's (as loaded, when given), else the latest
    one stored before ``day`` — which is the previous day's whenever that exists."""
    if previous:
        [frame] = previous.values()
        return day - timedelta(days=1), frame
    found = latest_daily_table(store, HISTORY, before=day)
    return found if found else (None, None)


def _base_date(base_date: date | None) -> str:
    return base_date.isoformat() if base_date else "none (first history)"


def build_history_assets(context: LocationContext) -> list[AssetsDefinition]:
    partitions, close_after_misses = context.partitions, context.settings.close_after_misses
    drops = DropRule(confirmations=context.settings.drop_confirmations)

    @asset(
        description="One row per canonical job: latest posting, first/last seen, status, content hash "
        "history, absorbed duplicate ids.",
        ins={
            # Default mapping: a date partition reads every date|provider partition of that date.
            "jobs": AssetIn(metadata={"allow_missing_partitions": True}),
            "previous_history": AssetIn(
                key=HISTORY, partition_mapping=PREVIOUS_DAY, metadata={"allow_missing_partitions": True}
            ),
        },
        partitions_def=partitions.daily,
        group_name="history",
        hooks={*ASSET_HOOKS, drop_alert_hook(drops.confirmations)},
        code_version="2",
        kinds={"pandas", "parquet"},
        metadata=column_schema(HISTORY_SCHEMA),
        check_specs=[NO_SUSPICIOUS_DROP],
    )
    def job_history(
        context: AssetExecutionContext,
        storage: StorageResource,
        jobs: dict[str, pd.DataFrame],
        previous_history: dict[str, pd.DataFrame],
    ):
        day = date.fromisoformat(context.partition_key)
        store = storage.get_store()
        fetched = {split_partition_key(key)[1]: frame for key, frame in jobs.items()}
        # A partition served from an older capture (breaker open) is not a new look at the board:
        # counting it would keep closed jobs open and delay closing, so it counts as "not fetched".
        stale = sorted(p for p in fetched if not _fresh(store, day, p))
        fetched = {p: frame for p, frame in fetched.items() if p not in stale}
        missing = sorted(set(partitions.providers.get_partition_keys()) - set(fetched))
        base_date, base = base_history(store, day, previous_history)
        postings = pd.concat(list(fetched.values()), ignore_index=True) if fetched else None
        history, stats = update_history(base, postings, fetched, day, grace=close_after_misses, drops=drops)
        if missing:
            context.log.warning(
                f"{day}: no jobs for {missing} (failed, blocked or not run): their jobs keep their state"
            )
        for provider, streak in sorted(stats.suspect_drops.items()):
            held = streak < drops.confirmations
            context.log.warning(
                f"{day}: {provider} shrank suspiciously ({streak} fetch(es) in a row): "
                + ("its jobs are held open" if held else "the drop is now believed")
            )
        yield versioned_output(
            history,
            frame_hash(history),
            {
                "previous_history_date": _base_date(base_date),
                "previous_history_hash": frame_hash(base) if base is not None else "",
                "input_jobs_hashes": {p: frame_hash(f) for p, f in sorted(fetched.items())},
                "providers_fetched": sorted(fetched),
                "providers_missing": missing,
                "providers_stale": stale,
                "providers_suspect_drop": MetadataValue.json(stats.suspect_drops),
                "close_after_misses": close_after_misses,
                "dagster/row_count": len(history),
                "open": int((history["status"] == "open").sum()),
                "closed": int((history["status"] == "closed").sum()),
                **{
                    f"today_{k}": v
                    for k, v in stats.as_metadata().items()
                    if k not in ("providers_fetched", "suspect_drops")
                },
            },
        )
        yield suspicious_drop_result(stats, drops)

    @asset(
        description="new / changed (with fields) / closed / reopened on the date, by identity.",
        ins={"job_history": AssetIn()},
        partitions_def=partitions.daily,
        group_name="history",
        hooks=ASSET_HOOKS,
        code_version="1",
        kinds={"pandas", "parquet"},
        metadata=column_schema(CHANGES_SCHEMA),
    )
    def job_changes(context: AssetExecutionContext, storage: StorageResource, job_history: pd.DataFrame):
        day = date.fromisoformat(context.partition_key)
        base_date, base = base_history(storage.get_store(), day, previous={})
        changes = diff_history(base, job_history, day)
        counts = changes["change"].value_counts().to_dict()
        # The base's hash is on that day's job_history materialization, and this day's history
        # version is recorded by Dagster as this asset's input data version: not hashed again here.
        return versioned_output(
            changes,
            frame_hash(changes),
            {
                "previous_history_date": _base_date(base_date),
                "dagster/row_count": len(changes),
                **{kind: int(counts.get(kind, 0)) for kind in CHANGE_KINDS},
            },
        )

    return [job_history, job_changes]


def _fresh(store: ObjectStore, day: date, provider: str) -> bool:
    try:
        return load_record(store, raw_archive_key(day, provider)).fresh
    except ObjectMissing:
        return True  # raw payloads are pruned before jobs (retention): an old re-run counts them
