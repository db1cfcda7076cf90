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
from jobintel_core.storage.tables import frame_hash, read_table
from jobintel_dagster.automation.jobs import DAILY_INGEST_JOB, DAILY_ROLLUP_JOB, INGEST_ASSETS, ROLLUP_ASSETS
from jobintel_dagster.lineage import CONTENT_HASH, last_materialization_metadata
from jobintel_dagster.partitions import date_provider_key, partition_path
from jobintel_dagster.runs.execute import execute_job, materialized_metadata
from jobintel_dagster.storage.catalog import TABLES

REPLAYED_INGEST = tuple(a for a in INGEST_ASSETS if a != "raw_postings")


@dataclass
class ReplayLine:
    """``stored`` is the fingerprint, by today's code, of the table stored before the replay:
    a table recorded under an older fingerprint (vectors as decimals, before code version 2 of
    the matching assets) still compares by its content. Computed only when the recorded hash differs."""

    asset: str
    partition: str
    recorded: str | None
    replayed: str | None
    diff: RowDiff | None = None
    stored: str | None = None

    @property
    def equal(self) -> bool:
        return self.replayed is not None and self.replayed in {self.recorded, self.stored} - {None}

    @property
    def refingerprinted(self) -> bool:
        """Equal by content, though recorded under an older fingerprint."""
        return self.equal and self.recorded is not None and self.recorded != self.replayed


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
    ingest = defs.resolve_job_def(DAILY_INGEST_JOB)
    known = ingest.partitions_def.get_partitions_def_for_dimension("provider").get_partition_keys()
    wanted = providers or known
    targets = [(asset, str(date_provider_key(day, p)), p) for p in wanted for asset in REPLAYED_INGEST]
    targets += [(asset, day.isoformat(), None) for asset in ROLLUP_ASSETS]
    before = {(a, k): (recorded_hash(instance, a, k), _stored(store, a, k)) for a, k, _ in targets}
    missing_raw = [
        p for p in wanted if recorded_hash(instance, "raw_postings", str(date_provider_key(day, p))) is None
    ]
    if missing_raw:
        raise SystemExit(
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
        if not line.equal and old_frame is not None:
            line.stored = frame_hash(old_frame)
        if not line.equal and line.replayed is not None:
            line.diff = diff_rows(old_frame, _stored(store, asset, key), TABLES[asset].row_key)
        lines.append(line)
    return lines


def print_report(day: date, lines: list[ReplayLine]) -> None:
    print(f"Replay of {day} from stored raw payloads (nothing fetched):")
    width = max(len(f"{l.asset} [{l.partition}]") for l in lines)
    for line in lines:
        label = f"{line.asset} [{line.partition}]"
        if line.refingerprinted:
            status = "equal (to the stored table; its recorded hash is from an older fingerprint)"
        elif line.equal:
            status = "equal"
        elif line.replayed is None:
            status = "FAILED to rematerialize"
        elif line.recorded is None:
            status = f"new (nothing recorded before) {line.replayed[:12]}"
        else:
            status = f"DIFFERENT {line.recorded[:12]} → {line.replayed[:12]}: {line.diff.summary()}"
        print(f"  {label:<{width}}  {status}")
    same = sum(line.equal for line in lines)
    print(f"{same}/{len(lines)} asset partitions reproduce their recorded content hash.")
