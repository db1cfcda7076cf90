"""Ingestion domain: collect each board's payload and normalize it."""

from __future__ import annotations

from dagster import Definitions

from jobintel_core.registry import ProviderRegistry
from jobintel_core.settings import Settings
from jobintel_dagster.ingestion.assets import build_ingestion_assets
from jobintel_dagster.partitions import JobIntelPartitions


def ingestion_definitions(
    partitions: JobIntelPartitions, registry: ProviderRegistry, settings: Settings
) -> Definitions:
    return Definitions(assets=build_ingestion_assets(
        partitions, registry, settings.fetch_step_retries, settings.fetch_step_retry_delay_s
    ))
