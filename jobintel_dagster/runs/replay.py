"""``jobintel replay``: rematerialize a past date from its stored raw payloads and compare.

Nothing is fetched: ``raw_postings`` is left out of the selection, so ``jobs`` re-parses the bytes
stored that day. Each asset partition's new ``content_hash`` is compared with the one recorded by
its previous materialization; where they differ, the stored table from before is diffed row by row
against the new one. Later dates are not rematerialized; if a date's output changed, replay the
following dates too (in order) to carry the change forward.
"""

from dataclasses import dataclass
from datetime import date

import pandas as pd
from dagster import DagsterInstance, Definitions

from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.storage.row_diff import RowDiff, diff_rows
from jobintel_core.storage.tables import read_table
from jobintel_dagster.ingestion.automation import DAILY_INGEST_JOB, INGEST_ASSETS
from jobintel_dagster.lineage import CONTENT_HASH, last_materialization_metadata
from jobintel_dagster.partitions import date_provider_key, partition_path
from jobintel_dagster.runs.execute import date_provider_partitions, execute_job, materialized_metadata
from jobintel_dagster.storage.catalog import TABLES
from jobintel_dagster.warehouse.automation import DAILY_ROLLUP_JOB, ROLLUP_ASSETS

REPLAYED_INGEST = tuple(a for a in INGEST_ASSETS if a != "raw_postings")


class NothingToReplay(LookupError):
    """A provider of the date has no stored raw payload to replay from."""


@dataclass
class ReplayLine:
    asset: str
    partition: str
    recorded: str | None
    replayed: str | None
    diff: RowDiff | None = None

    @property
    def equal(self) -> bool:
        return self.replayed is not None and self.replayed == self.recorded


def recorded_hash(instance: DagsterInstance, asset: str, partition: str) -> str | None:
    metadata = last_materialization_metadata(instance, asset, partition)
    return metadata.get(CONTENT_HASH) if metadata else None


def _stored(store: ObjectStore, asset: str, partition: str) -> pd.DataFrame | None:
    try:
        return read_table(store, asset, partition_path(partition))
    except ObjectMissing:
        return None


def replay_date(
    defs: Definitions,
    instance: DagsterInstance,
    store: ObjectStore,
    day: date,
    providers: list[str] | None = None,
) -> list[ReplayLine]:
    partitions = date_provider_partitions(defs, DAILY_INGEST_JOB)
    known = partitions.get_partitions_def_for_dimension("provider").get_partition_keys()
    wanted = providers or known
    targets: list[tuple[str, str, str | None]] = [
        (asset, str(date_provider_key(day, p)), p) for p in wanted for asset in REPLAYED_INGEST
    ]
    targets += [(asset, day.isoformat(), None) for asset in ROLLUP_ASSETS]
    before = {(a, k): (recorded_hash(instance, a, k), _stored(store, a, k)) for a, k, _ in targets}
    missing_raw = [
        p for p in wanted if recorded_hash(instance, "raw_postings", str(date_provider_key(day, p))) is None
    ]
    if missing_raw:
        raise NothingToReplay(
            f"no stored raw payload recorded for {day} and {missing_raw}: nothing to replay from"
        )

    replayed: dict[tuple[str, str], str | None] = {}
    runs = [(DAILY_INGEST_JOB, str(date_provider_key(day, p)), REPLAYED_INGEST) for p in wanted]
    runs.append((DAILY_ROLLUP_JOB, day.isoformat(), ROLLUP_ASSETS))
    for job_name, key, assets in runs:
        result = execute_job(defs, job_name, key, instance, trigger="replay", assets=assets)
        for asset, metadata in materialized_metadata(result).items():
            replayed[(asset, key)] = metadata.get("content_hash")

    lines = []
    for asset, key, _ in targets:
        recorded, old_frame = before[(asset, key)]
        line = ReplayLine(asset, key, recorded, replayed.get((asset, key)))
        if not line.equal and line.replayed is not None:
            line.diff = diff_rows(old_frame, _stored(store, asset, key), TABLES[asset].row_key)
        lines.append(line)
    return lines


def print_report(day: date, lines: list[ReplayLine]) -> None:
    print(f"Replay of {day} from stored raw payloads (nothing fetched):")
    width = max(len(f"{line.asset} [{line.partition}]") for line in lines)
    for line in lines:
        label = f"{line.asset} [{line.partition}]"
        if line.equal:
            status = "equal"
        elif line.replayed is None:
            status = "FAILED to rematerialize"
        elif line.recorded is None:
            status = f"new (nothing recorded before) {line.replayed[:12]}"
        else:
            detail = line.diff.summary() if line.diff else "no table to compare"
            status = f"DIFFERENT {line.recorded[:12]} → {line.replayed[:12]}: {detail}"
        print(f"  {label:<{width}}  {status}")
    same = sum(line.equal for line in lines)
    print(f"{same}/{len(lines)} asset partitions reproduce their recorded content hash.")
