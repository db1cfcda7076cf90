"""Ingestion domain: collect each board's payload and normalize it."""

from __future__ import annotations

from dagster import AssetSelection, Definitions, define_asset_job

from jobintel_core.registry import ProviderRegistry
from jobintel_dagster.ingestion.assets import build_ingestion_assets
from jobintel_dagster.partitions import JobIntelPartitions

DAILY_INGEST_JOB = "daily_ingest"


def ingestion_definitions(partitions: JobIntelPartitions, registry: ProviderRegistry) -> Definitions:
    assets = build_ingestion_assets(partitions, registry)
    job = define_asset_job(
        DAILY_INGEST_JOB,
        selection=AssetSelection.assets(*assets),
        description="Collect and normalize one board for one day (one run per date × provider).",
    )
    return Definitions(assets=assets, jobs=[job])
