"""``job_history`` and ``job_changes``: one step per date over every provider's ``jobs``.

One multi-asset so the changes are always computed against exactly the history the new history
was built from. The previous day's history is a declared dependency (lineage, and date-ordered
backfills); when that day was never materialized (a skipped day) the step continues from the
latest earlier stored history, which means "no successful fetch that day", and says so.
"""

from datetime import date, timedelta

import pandas as pd
from dagster import (
    AssetExecutionContext,
    AssetIn,
    AssetOut,
    AssetsDefinition,
    TimeWindowPartitionMapping,
    multi_asset,
)

from jobintel_core.history.tracking import CHANGE_KINDS, CHANGES_SCHEMA, HISTORY_SCHEMA, diff_history, update_history
from jobintel_core.ingestion.provenance import load_record
from jobintel_core.storage.keys import HISTORY, raw_archive_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.storage.tables import frame_hash, latest_daily_table
from jobintel_dagster.alerting.hooks import ASSET_HOOKS
from jobintel_dagster.lineage import column_schema, versioned_output
from jobintel_dagster.location import LocationContext
from jobintel_dagster.partitions import split_partition_key
from jobintel_dagster.storage.resources import StorageResource


def build_history_assets(context: LocationContext) -> list[AssetsDefinition]:
    partitions, close_after_misses = context.partitions, context.settings.close_after_misses

    @multi_asset(
        outs={
            "job_history": AssetOut(
                description="One row per canonical job: latest posting, first/last seen, status, "
                            "content hash history, absorbed duplicate ids.",
                kinds={"pandas", "parquet"}, code_version="1", metadata=column_schema(HISTORY_SCHEMA),
            ),
            "job_changes": AssetOut(
                description="new / changed (with fields) / closed / reopened on the date, by identity.",
                kinds={"pandas", "parquet"}, code_version="1", metadata=column_schema(CHANGES_SCHEMA),
            ),
        },
        ins={
            # Default mapping: a date partition reads every date|provider partition of that date.
            "jobs": AssetIn(metadata={"allow_missing_partitions": True}),
            "previous_history": AssetIn(
                key=HISTORY,
                partition_mapping=TimeWindowPartitionMapping(start_offset=-1, end_offset=-1),
                metadata={"allow_missing_partitions": True},
            ),
        },
        partitions_def=partitions.daily,
        group_name="history",
        can_subset=False,
        hooks=ASSET_HOOKS,
    )
    def track_history(
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
        expected = partitions.providers.get_partition_keys()
        missing = sorted(set(expected) - set(fetched))
        if previous_history:
            [base] = previous_history.values()
            base_date = day - timedelta(days=1)
        else:
            found = latest_daily_table(store, HISTORY, before=day)
            base_date, base = found if found else (None, None)
        postings = pd.concat(list(fetched.values()), ignore_index=True) if fetched else None
        history, stats = update_history(base, postings, fetched, day, grace=close_after_misses)
        changes = diff_history(base, history, day)

        if missing:
            context.log.warning(
                f"{day}: no jobs for {missing} (failed, blocked or not run): their jobs keep their state"
            )
        base_hash = frame_hash(base) if base is not None else ""
        input_hashes = {p: frame_hash(f) for p, f in sorted(fetched.items())}
        counts = changes["change"].value_counts().to_dict()
        common = {
            "previous_history_date": base_date.isoformat() if base_date else "none (first history)",
            "previous_history_hash": base_hash,
            "input_jobs_hashes": input_hashes,
            "providers_fetched": sorted(fetched),
            "providers_missing": missing,
            "providers_stale": stale,
            "close_after_misses": close_after_misses,
        }
        yield versioned_output(history, frame_hash(history), output_name="job_history", metadata={
            **common,
            "dagster/row_count": len(history),
            "open": int((history["status"] == "open").sum()),
            "closed": int((history["status"] == "closed").sum()),
            **{f"today_{k}": v for k, v in stats.as_metadata().items() if k != "providers_fetched"},
        })
        yield versioned_output(changes, frame_hash(changes), output_name="job_changes", metadata={
            **common,
            "dagster/row_count": len(changes),
            **{kind: int(counts.get(kind, 0)) for kind in CHANGE_KINDS},
        })

    return [track_history]


def _fresh(store: ObjectStore, day: date, provider: str) -> bool:
    try:
        return load_record(store, raw_archive_key(day, provider)).fresh
    except ObjectMissing:
        return True  # raw payloads are pruned before jobs (retention): an old re-run counts them
