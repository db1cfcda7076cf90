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

Both declare what they read as dependencies (lineage, date-ordered backfills) and read it from the
store themselves, as Arrow and only the columns they use: ``job_history`` every column of the day's
``jobs`` partitions but the HTML, ``job_changes`` eleven columns of two histories. Loaded through
the IO manager, the 2,000 partitions of a 2,000-board day came as 2,000 full pandas frames. The
hashes recorded beside the output (each ``jobs`` partition's, the previous history's) are the ones
their own materializations recorded, read from the instance, not recomputed.
"""

from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
from dagster import (
    AssetDep,
    AssetExecutionContext,
    AssetKey,
    AssetRecordsFilter,
    AssetsDefinition,
    DagsterInstance,
    MetadataValue,
    TimeWindowPartitionMapping,
    asset,
)

from jobintel_core.history.tracking import (
    CHANGE_KINDS,
    CHANGES_SCHEMA,
    DIFF_BEFORE_COLUMNS,
    DIFF_COLUMNS,
    HISTORY_SCHEMA,
    POSTINGS_SCHEMA,
    DropRule,
    as_table,
    changes_table,
    fold_history,
)
from jobintel_core.ingestion.acquisition.provenance import load_record
from jobintel_core.storage.keys import HISTORY, raw_archive_key, stored_dates, table_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.storage.tables import table_from_parquet, table_hash
from jobintel_dagster.alerting.hooks import ASSET_HOOKS, drop_alert_hook
from jobintel_dagster.history.checks import NO_SUSPICIOUS_DROP, suspicious_drop_result
from jobintel_dagster.lineage import (
    CONTENT_HASH,
    column_schema,
    metadata_values,
    recorded_content_hash,
    versioned_output,
)
from jobintel_dagster.location import LocationContext
from jobintel_dagster.storage.resources import StorageResource

PREVIOUS_DAY = TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)


def base_history(
    store: ObjectStore, day: date, columns: list[str] | None = None
) -> tuple[date | None, pa.Table | None]:
    """The history a day starts from: the latest one stored before ``day`` — the previous day's
    whenever that exists (``columns`` of it only, when given)."""
    dates = [d for d in stored_dates(store, HISTORY) if d < day]
    if not dates:
        return None, None
    data = store.get(table_key(HISTORY, dates[-1].isoformat()))
    return dates[-1], table_from_parquet(data, columns=columns)


def _recorded_hashes(instance: DagsterInstance, asset: str, partitions: list[str]) -> dict[str, str]:
    """The content hash each partition's latest materialization recorded (partitions with none left
    out), in queries of a few hundred partitions."""
    found: dict[str, str] = {}
    for start in range(0, len(partitions), 500):
        chunk = partitions[start : start + 500]
        records = instance.fetch_materializations(
            AssetRecordsFilter(asset_key=AssetKey(asset), asset_partitions=chunk), limit=len(chunk) * 20
        ).records
        for record in sorted(records, key=lambda r: r.storage_id):  # the latest one wins
            event = record.asset_materialization
            value = metadata_values(event.metadata).get(CONTENT_HASH) if event else None
            if event and event.partition and value:
                found[event.partition] = str(value)
    return found


def _base_date(base_date: date | None) -> str:
    return base_date.isoformat() if base_date else "none (first history)"


def build_history_assets(context: LocationContext) -> list[AssetsDefinition]:
    partitions, close_after_misses = context.partitions, context.settings.close_after_misses
    drops = DropRule(confirmations=context.settings.drop_confirmations)

    @asset(
        description="One row per canonical job: latest posting, first/last seen, status, content hash "
        "history, absorbed duplicate ids.",
        # Read from the store by the step: the date's partition of every provider (the default
        # mapping; a missing one is a board not fetched) and the previous day's history.
        deps=[AssetDep("jobs"), AssetDep(HISTORY, partition_mapping=PREVIOUS_DAY)],
        partitions_def=partitions.daily,
        group_name="history",
        hooks={*ASSET_HOOKS, drop_alert_hook(drops.confirmations)},
        code_version="2",
        kinds={"pyarrow", "parquet"},
        metadata=column_schema(HISTORY_SCHEMA),
        check_specs=[NO_SUSPICIOUS_DROP],
    )
    def job_history(context: AssetExecutionContext, storage: StorageResource):
        day = date.fromisoformat(context.partition_key)
        store = storage.get_store()
        fetched: dict[str, pa.Table] = {}
        for provider in partitions.providers.get_partition_keys():
            try:
                data = store.get(table_key("jobs", f"{day.isoformat()}/{provider}"))
            except ObjectMissing:
                continue
            fetched[provider] = table_from_parquet(data, columns=POSTINGS_SCHEMA.names)
        # A partition served from an older capture (breaker open) is not a new look at the board:
        # counting it would keep closed jobs open and delay closing, so it counts as "not fetched".
        stale = sorted(p for p in fetched if not _fresh(store, day, p))
        fetched = {p: table for p, table in fetched.items() if p not in stale}
        missing = sorted(set(partitions.providers.get_partition_keys()) - set(fetched))
        base_date, base = base_history(store, day)
        postings = (
            pa.concat_tables([as_table(t, POSTINGS_SCHEMA) for t in fetched.values()])
            if fetched
            else POSTINGS_SCHEMA.empty_table()
        )
        history, stats = fold_history(
            as_table(base, HISTORY_SCHEMA),
            postings,
            fetched,
            day,
            grace=close_after_misses,
            drops=drops,
        )
        del postings, fetched, base
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
        used = sorted(set(stats.providers_fetched))
        input_hashes = _recorded_hashes(context.instance, "jobs", [f"{day.isoformat()}|{p}" for p in used])
        yield versioned_output(
            history,
            table_hash(history),
            {
                "previous_history_date": _base_date(base_date),
                "previous_history_hash": _previous_hash(context.instance, store, base_date),
                "input_jobs_hashes": {
                    p: input_hashes.get(f"{day.isoformat()}|{p}", "unrecorded") for p in used
                },
                "providers_fetched": used,
                "providers_missing": missing,
                "providers_stale": stale,
                "providers_suspect_drop": MetadataValue.json(stats.suspect_drops),
                "close_after_misses": close_after_misses,
                "dagster/row_count": history.num_rows,
                "open": _count(history["status"], "open"),
                "closed": _count(history["status"], "closed"),
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
        deps=[AssetDep(HISTORY)],  # the day's history, read from the store (its columns used only)
        partitions_def=partitions.daily,
        group_name="history",
        hooks=ASSET_HOOKS,
        code_version="1",
        kinds={"pyarrow", "parquet"},
        metadata=column_schema(CHANGES_SCHEMA),
    )
    def job_changes(context: AssetExecutionContext, storage: StorageResource):
        day = date.fromisoformat(context.partition_key)
        store = storage.get_store()
        try:
            current = table_from_parquet(store.get(table_key(HISTORY, day.isoformat())), columns=DIFF_COLUMNS)
        except ObjectMissing:
            raise ObjectMissing(
                f"job_changes {day}: job_history {day} has not been materialized "
                f"(nothing at {store.uri(table_key(HISTORY, day.isoformat()))}); materialize it first"
            ) from None
        base_date, base = base_history(store, day, columns=DIFF_BEFORE_COLUMNS)
        changes = changes_table(
            as_table(base, HISTORY_SCHEMA, DIFF_BEFORE_COLUMNS),
            as_table(current, HISTORY_SCHEMA, DIFF_COLUMNS),
            day,
        )
        # The base's hash is on that day's job_history materialization, and this day's history
        # version is recorded by Dagster as this asset's input data version: not hashed again here.
        return versioned_output(
            changes,
            table_hash(changes),
            {
                "previous_history_date": _base_date(base_date),
                "dagster/row_count": changes.num_rows,
                **{kind: _count(changes["change"], kind) for kind in CHANGE_KINDS},
            },
        )

    return [job_history, job_changes]


def _previous_hash(instance: DagsterInstance, store: ObjectStore, base_date: date | None) -> str:
    """The previous history's content hash, as its materialization recorded it (hashed from the
    store only when this instance has no record of it: another instance wrote it)."""
    if base_date is None:
        return ""
    recorded = recorded_content_hash(instance, HISTORY, base_date.isoformat())
    return recorded or table_hash(table_from_parquet(store.get(table_key(HISTORY, base_date.isoformat()))))


def _count(column: pa.ChunkedArray, value: str) -> int:
    return int(pc.sum(pc.equal(column, value)).as_py() or 0)


def _fresh(store: ObjectStore, day: date, provider: str) -> bool:
    try:
        return load_record(store, raw_archive_key(day, provider)).fresh
    except ObjectMissing:
        return True  # raw payloads are pruned before jobs (retention): an old re-run counts them
