"""The code location: ``dagster dev -m jobintel_dagster.definitions`` / ``workspace.yaml``.

Each domain folder contributes its own ``Definitions``; they are merged here with the resource
map for ``JOBINTEL_ENV``. ``build_definitions`` takes explicit settings so tests can point a whole
code location at their own registry, snapshots and storage.
"""

from __future__ import annotations

from dagster import Definitions

from jobintel_core.registry import ProviderRegistry, load_registry
from jobintel_core.settings import Settings, load_settings
from jobintel_dagster.alerting import alerting_definitions
from jobintel_dagster.automation import automation_definitions
from jobintel_dagster.history import history_definitions
from jobintel_dagster.ingestion import ingestion_definitions
from jobintel_dagster.jobs import daily_ingest, daily_rollup
from jobintel_dagster.matching import matching_definitions
from jobintel_dagster.partitions import build_partitions
from jobintel_dagster.resources import build_resources


def build_definitions(
    settings: Settings | None = None, registry: ProviderRegistry | None = None
) -> Definitions:
    settings = settings or load_settings()
    registry = registry or load_registry(settings.providers_file)
    partitions = build_partitions(settings, registry)
    return Definitions.merge(
        ingestion_definitions(partitions, registry, settings),
        history_definitions(partitions, settings),
        matching_definitions(partitions, settings.index_kind),
        alerting_definitions(),
        automation_definitions(settings, partitions, registry),
        Definitions(jobs=[daily_ingest, daily_rollup]),
        Definitions(resources=build_resources(settings)),
    )


defs = build_definitions()
