"""``raw_postings`` and ``jobs``: one board's payload and its normalized postings, per date × provider.

``raw_postings`` is stored before anything parses it, so a payload that breaks the parser is
kept for inspection and replay. A live fetch that fails fails only its own partition, naming
provider, result and cause; the responses it did get are quarantined first (their URI is in the
failure's metadata). ``jobs`` fails its own partition when the payload is unusable. Other
providers' partitions are separate runs and are unaffected.

Fetching is retried by Dagster (``RetryPolicy``) only when a retry can help: a deny, a robots.txt
disallow or a refused URL fail for good. Two runs never fetch one board or host at once: the run
queue runs one per provider and one per ATS host (``dagster.yaml``, ``runs.coordinator``).
"""

from collections.abc import Iterator

from dagster import (
    AssetExecutionContext,
    AssetsDefinition,
    Backoff,
    DagsterExecutionInterruptedError,
    Failure,
    Jitter,
    MetadataValue,
    Output,
    RetryPolicy,
    asset,
)

from jobintel_core.ingestion.acquisition.captures import SnapshotNotFound
from jobintel_core.ingestion.acquisition.modes import LiveFetchError, RawPayload
from jobintel_core.ingestion.ats import PayloadError, family_for
from jobintel_core.ingestion.ats.base import PARSER_VERSIONS
from jobintel_core.ingestion.normalization.jobs_table import JOBS_SCHEMA, jobs_frame
from jobintel_core.storage.tables import frame_hash
from jobintel_dagster.alerting.hooks import ASSET_HOOKS
from jobintel_dagster.ingestion.checks import JOBS_CHECKS, jobs_check_results
from jobintel_dagster.ingestion.provenance import provenance_metadata
from jobintel_dagster.ingestion.resources import PayloadSourceResource
from jobintel_dagster.lineage import column_schema, versioned_output
from jobintel_dagster.location import LocationContext
from jobintel_dagster.partitions import split_partition_key
from jobintel_dagster.reproducibility import check_reproducible

_PREVIEW_ROWS = 10


def build_ingestion_assets(context: LocationContext) -> list[AssetsDefinition]:
    partitions, registry, settings = context.partitions, context.registry, context.settings

    @asset(
        partitions_def=partitions.daily_by_provider,
        io_manager_key="raw_io_manager",
        group_name="ingestion",
        hooks=ASSET_HOOKS,
        code_version="2",
        kinds={"json"},
        retry_policy=RetryPolicy(
            max_retries=settings.fetch_step_retries,
            delay=settings.fetch_step_retry_delay_s,
            backoff=Backoff.EXPONENTIAL,
            jitter=Jitter.PLUS_MINUS,
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
            raise Failure(
                description=str(exc), metadata={"provider": provider_key}, allow_retries=False
            ) from None
        except LiveFetchError as exc:
            raise Failure(
                description=str(exc),
                metadata={
                    **provenance_metadata(exc.record),
                    "quarantined_responses": exc.quarantined or "none",
                },
                allow_retries=exc.error.retryable,
            ) from None
        except ValueError as exc:  # deterministic: no contact configured, an unreadable capture archive
            raise Failure(description=f"provider {provider_key!r}: {exc}", allow_retries=False) from None
        except DagsterExecutionInterruptedError as exc:
            # Ctrl-C / SIGTERM: stop now. Left alone, the retry policy would turn it into a retry.
            raise Failure(
                description=f"provider {provider_key!r}: interrupted by a signal", allow_retries=False
            ) from exc
        if not raw.record.fresh:
            context.log.warning(f"{provider_key}: {raw.record.live_detail}; serving {raw.record.source}")
        return versioned_output(raw, raw.payload.digest(), provenance_metadata(raw.record))

    @asset(
        partitions_def=partitions.daily_by_provider,
        group_name="ingestion",
        hooks=ASSET_HOOKS,
        code_version="4",  # 4: places, office days and stated pay read as in PARSER_VERSIONS 3
        kinds={"pandas", "parquet"},
        metadata=column_schema(JOBS_SCHEMA),
        check_specs=JOBS_CHECKS,
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
                metadata={
                    "provider": provider_key,
                    "cause": exc.detail,
                    "raw_payload_sha256": raw_postings.record.sha256,
                },
            ) from None
        frame = jobs_frame(result.postings)
        preview = frame.head(_PREVIEW_ROWS)[["title", "company", "workplace_type", "url"]]
        input_hashes = {"raw_postings": raw_postings.record.sha256}
        output_hash = frame_hash(frame)
        yield versioned_output(
            frame,
            output_hash,
            {
                "dagster/row_count": len(frame),
                **provenance_metadata(raw_postings.record),
                "parsed_jobs": len(frame),
                "input_payload_sha256": raw_postings.record.sha256,
                "input_hashes": input_hashes,
                "rejected_records": len(result.rejected),
                "unlisted_records": result.unlisted,
                "parser_version": PARSER_VERSIONS[provider.ats],
                "detail_missing": int(frame["detail_missing"].sum()),
                "pay_sources": {
                    str(k): int(v)
                    for k, v in frame["compensation_source"].value_counts().sort_index().items()
                },
                "preview": MetadataValue.md(preview.to_markdown(index=False)),
            },
        )
        yield from jobs_check_results(frame, result.rejected)
        yield check_reproducible(context, "jobs", output_hash, input_hashes)

    return [raw_postings, jobs]
