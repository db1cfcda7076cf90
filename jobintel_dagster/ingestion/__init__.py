"""Ingestion domain: collect each board's payload and normalize it."""

from __future__ import annotations

from dagster import Definitions

from jobintel_core.registry import ProviderRegistry
from jobintel_dagster.ingestion.assets import build_ingestion_assets
from jobintel_dagster.partitions import JobIntelPartitions

def ingestion_definitions(partitions: JobIntelPartitions, registry: ProviderRegistry) -> Definitions:
    return Definitions(assets=build_ingestion_assets(partitions, registry))
