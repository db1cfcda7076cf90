"""``raw_postings`` and ``jobs``: one board's payload and its normalized postings, per date × provider.

``raw_postings`` is stored before anything parses it, so a payload that breaks the parser is
kept for inspection and replay. ``jobs`` fails its own partition, naming provider and cause, when
the payload is unusable; other providers' partitions are separate runs and are unaffected.
"""


from collections.abc import Iterator

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetsDefinition,
    Failure,
    MetadataValue,
    Output,
    TableColumn,
    TableSchema,
    asset,
)

from jobintel_core.providers import PayloadError, parser_for
from jobintel_core.quality import check_required_text, check_schema, check_unique_ids
from jobintel_core.registry import ProviderRegistry
from jobintel_core.snapshots import SnapshotNotFound
from jobintel_core.sources import RawPayload
from jobintel_core.tables import JOBS_SCHEMA, frame_hash, jobs_frame
from jobintel_dagster.alerting import ASSET_HOOKS
from jobintel_dagster.partitions import JobIntelPartitions, split_partition_key
from jobintel_dagster.reproducibility import check_reproducible, reproducible_spec
from jobintel_dagster.resources import PayloadSourceResource

JOBS_COLUMN_SCHEMA = TableSchema(
    columns=[TableColumn(name=f.name, type=str(f.type)) for f in JOBS_SCHEMA]
)
_PREVIEW_ROWS = 10


def build_ingestion_assets(
    partitions: JobIntelPartitions, registry: ProviderRegistry
) -> list[AssetsDefinition]:
    @asset(
        partitions_def=partitions.daily_by_provider,
        io_manager_key="raw_io_manager",
        group_name="ingestion",
        hooks=ASSET_HOOKS,
        code_version="1",
        kinds={"json"},
    )
    def raw_postings(
        context: AssetExecutionContext, payload_source: PayloadSourceResource
    ) -> Output[RawPayload]:
        """A board's payload for the day, exactly as received, with how it was obtained."""
        day, provider_key = split_partition_key(context.partition_key)
        provider = registry.get(provider_key)
        try:
            payload = payload_source.fetch(provider, day)
        except SnapshotNotFound as exc:
            raise Failure(description=str(exc), metadata={"provider": provider_key}) from None
        record = payload.record
        return Output(
            payload,
            metadata={
                "provider": provider_key,
                "ats": provider.ats,
                "scrape_mode": record.mode,
                "source": record.source,
                "snapshot_date": record.snapshot_date.isoformat() if record.snapshot_date else "",
                "fetched_at": record.fetched_at.isoformat(),
                "payload_bytes": record.bytes,
                "payload_sha256": record.sha256,
            },
        )

    @asset(
        partitions_def=partitions.daily_by_provider,
        group_name="ingestion",
        hooks=ASSET_HOOKS,
        code_version="1",
        kinds={"pandas", "parquet"},
        check_specs=[
            AssetCheckSpec("schema_matches", asset="jobs", blocking=True,
                           description="Columns and types match the declared jobs schema."),
            AssetCheckSpec("unique_job_id", asset="jobs", blocking=True,
                           description="No job_id appears twice in a partition."),
            AssetCheckSpec("titles_and_urls_present", asset="jobs",
                           description="Every posting has a title and a URL."),
            AssetCheckSpec("no_rejected_postings", asset="jobs",
                           description="Every record in the payload parsed (warns, never blocks)."),
            reproducible_spec("jobs"),
        ],
    )
    def jobs(context: AssetExecutionContext, raw_postings: RawPayload) -> Iterator:
        """Normalized postings of one board for the day (one row per posting, ``JOBS_SCHEMA``)."""
        _, provider_key = split_partition_key(context.partition_key)
        provider = registry.get(provider_key)
        try:
            result = parser_for(provider.ats).parse(
                raw_postings.body, provider, raw_postings.record.fetched_at
            )
        except PayloadError as exc:
            raise Failure(
                description=str(exc),
                metadata={"provider": provider_key, "cause": exc.detail,
                          "raw_payload_sha256": raw_postings.record.sha256},
            ) from None
        frame = jobs_frame(result.postings)
        preview = frame.head(_PREVIEW_ROWS)[["title", "company", "workplace_type", "url"]]
        input_hashes = {"raw_postings": raw_postings.record.sha256}
        output_hash = frame_hash(frame)
        yield Output(
            frame,
            metadata={
                "dagster/row_count": len(frame),
                "dagster/column_schema": JOBS_COLUMN_SCHEMA,
                "provider": provider_key,
                "ats": provider.ats,
                "scrape_mode": raw_postings.record.mode,
                "input_payload_sha256": raw_postings.record.sha256,
                "input_hashes": input_hashes,
                "content_hash": output_hash,
                "rejected_records": len(result.rejected),
                "unlisted_records": result.unlisted,
                "preview": MetadataValue.md(preview.to_markdown(index=False)),
            },
        )
        yield _check("schema_matches", *check_schema(frame))
        yield _check("unique_job_id", *check_unique_ids(frame))
        yield _check("titles_and_urls_present", *check_required_text(frame))
        rejected = {"rejected": [f"#{r.index} ({r.external_id}): {r.reason}" for r in result.rejected[:20]]}
        yield _check("no_rejected_postings", not result.rejected, rejected, AssetCheckSeverity.WARN)
        yield check_reproducible(context, "jobs", output_hash, input_hashes)

    return [raw_postings, jobs]


def _check(
    name: str, passed: bool, details: dict, severity: AssetCheckSeverity = AssetCheckSeverity.ERROR
) -> AssetCheckResult:
    return AssetCheckResult(
        asset_key="jobs",
        check_name=name,
        passed=passed,
        severity=severity,
        metadata={k: MetadataValue.json(v) if isinstance(v, (list, dict)) else v for k, v in details.items()},
    )
