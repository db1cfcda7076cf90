"""``raw_postings`` and ``jobs``: one board's payload and its normalized postings, per date × provider.

``raw_postings`` is stored before anything parses it, so a payload that breaks the parser is
kept for inspection and replay. A live fetch that fails fails only its own partition, naming
provider, result and cause; the responses it did get are quarantined first (their URI is in the
failure's metadata). ``jobs`` fails its own partition when the payload is unusable. Other
providers' partitions are separate runs and are unaffected.

Fetching is retried by Dagster (``RetryPolicy``) only when a retry can help: a deny, a robots.txt
disallow or a refused URL fail for good. Two runs never fetch one board at once: runs carry the
``dagster/partition/provider`` tag, which ``dagster.yaml`` limits to one run per value.
"""


from collections.abc import Iterator

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetsDefinition,
    Backoff,
    Failure,
    Jitter,
    MetadataValue,
    Output,
    RetryPolicy,
    TableColumn,
    TableSchema,
    asset,
)

from jobintel_core.providers import PayloadError, family_for
from jobintel_core.quality import check_required_text, check_schema, check_unique_ids
from jobintel_core.registry import ProviderRegistry
from jobintel_core.snapshots import SnapshotNotFound
from jobintel_core.sources import FetchRecord, LiveFetchError, RawPayload
from jobintel_core.tables import JOBS_SCHEMA, frame_hash, jobs_frame
from jobintel_dagster.alerting import ASSET_HOOKS
from jobintel_dagster.partitions import JobIntelPartitions, split_partition_key
from jobintel_dagster.reproducibility import check_reproducible, reproducible_spec
from jobintel_dagster.resources import PayloadSourceResource

JOBS_COLUMN_SCHEMA = TableSchema(
    columns=[TableColumn(name=f.name, type=str(f.type)) for f in JOBS_SCHEMA]
)
_PREVIEW_ROWS = 10


def provenance_metadata(record: FetchRecord) -> dict[str, object]:
    """How a partition's payload was obtained, as materialization (or failure) metadata."""
    return {
        "provider": record.provider,
        "ats": record.ats,
        "scrape_mode": record.mode,
        "live_attempted": "y" if record.live_attempted else "n",
        "live_result": record.live_result,
        "live_detail": record.live_detail,
        "fresh_observation": record.fresh,
        "source": record.source,
        "snapshot_date": record.snapshot_date.isoformat() if record.snapshot_date else "",
        "fetched_at": record.fetched_at.isoformat(),
        "requests": record.requests,
        "status_counts": MetadataValue.json(record.status_counts),
        "retries": record.retries,
        "backoff_sleep_s": record.backoff_sleep_s,
        "politeness_wait_s": record.politeness_wait_s,
        "robots": MetadataValue.json(record.robots),
        "breaker": record.breaker,
        "payload_bytes": record.bytes,
        "payload_parts": len(record.parts),
        "payload_sha256": record.sha256,
        "fetch_duration_s": record.duration_s,
    }


def build_ingestion_assets(
    partitions: JobIntelPartitions, registry: ProviderRegistry, fetch_retries: int,
    fetch_retry_delay_s: float,
) -> list[AssetsDefinition]:
    @asset(
        partitions_def=partitions.daily_by_provider,
        io_manager_key="raw_io_manager",
        group_name="ingestion",
        hooks=ASSET_HOOKS,
        code_version="2",
        kinds={"json"},
        retry_policy=RetryPolicy(
            max_retries=fetch_retries, delay=fetch_retry_delay_s,
            backoff=Backoff.EXPONENTIAL, jitter=Jitter.PLUS_MINUS,
        ),
    )
    def raw_postings(
        context: AssetExecutionContext, payload_source: PayloadSourceResource
    ) -> Output[RawPayload]:
        """A board's payload for the day, exactly as received, with how it was obtained."""
        day, provider_key = split_partition_key(context.partition_key)
        provider = registry.get(provider_key)
        try:
            raw = payload_source.fetch(provider, day, run_id=context.run.run_id)
        except SnapshotNotFound as exc:
            raise Failure(description=str(exc), metadata={"provider": provider_key}, allow_retries=False) from None
        except LiveFetchError as exc:
            raise Failure(
                description=str(exc),
                metadata={**provenance_metadata(exc.record), "quarantined_responses": exc.quarantined or "none"},
                allow_retries=exc.error.retryable,
            ) from None
        except ValueError as exc:  # deterministic: no contact configured, an unreadable capture archive
            raise Failure(description=f"provider {provider_key!r}: {exc}", allow_retries=False) from None
        if not raw.record.fresh:
            context.log.warning(f"{provider_key}: {raw.record.live_detail}; serving {raw.record.source}")
        return Output(raw, metadata=provenance_metadata(raw.record))

    @asset(
        partitions_def=partitions.daily_by_provider,
        group_name="ingestion",
        hooks=ASSET_HOOKS,
        code_version="2",
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
            result = family_for(provider.ats).parse(
                raw_postings.payload, provider, raw_postings.record.fetched_at
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
                **provenance_metadata(raw_postings.record),
                "parsed_jobs": len(frame),
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
