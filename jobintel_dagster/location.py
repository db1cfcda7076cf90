"""What every domain's definitions are built from: settings, the provider registry, the partitions,
and the one ``StorageResource`` instance that the domains' resources share.

Each domain package exposes ``<domain>_definitions(context: LocationContext) -> Definitions``;
``definitions.build_definitions`` merges them. One shared storage instance matters because
``Definitions.merge`` accepts a resource key twice only when it is the very same object.
"""

from dataclasses import dataclass

from jobintel_core.config.registry import ProviderRegistry
from jobintel_core.config.settings import Settings
from jobintel_dagster.partitions import JobIntelPartitions, build_partitions
from jobintel_dagster.storage.resources import StorageResource, storage_resource


@dataclass(frozen=True)
class LocationContext:
    settings: Settings
    registry: ProviderRegistry
    partitions: JobIntelPartitions
    storage: StorageResource

    @classmethod
    def build(cls, settings: Settings, registry: ProviderRegistry) -> "LocationContext":
        return cls(settings, registry, build_partitions(settings, registry), storage_resource(settings))
