"""How the code location is built: each domain contributes its own ``Definitions`` (assets, checks, jobs, schedules, sensors and its
own resources) from a factory with one signature, ``(LocationContext) -> Definitions``; they are
merged here. ``build_definitions`` takes explicit settings so tests can point a whole code
location at their own registry, snapshots and storage.
"""

from dagster import Definitions

from jobintel_core.config.registry import ProviderRegistry, load_registry
from jobintel_core.config.settings import Settings, load_settings
from jobintel_dagster.alerting.definitions import alerting_definitions
from jobintel_dagster.automation.definitions import automation_definitions
from jobintel_dagster.history.definitions import history_definitions
from jobintel_dagster.ingestion.definitions import ingestion_definitions
from jobintel_dagster.insights.definitions import insights_definitions
from jobintel_dagster.location import LocationContext
from jobintel_dagster.matching.definitions import matching_definitions
from jobintel_dagster.storage.definitions import storage_definitions
from jobintel_dagster.warehouse.definitions import warehouse_definitions

DOMAINS = (
    storage_definitions, ingestion_definitions, history_definitions, matching_definitions,
    warehouse_definitions, insights_definitions, alerting_definitions, automation_definitions,
)


def build_definitions(settings: Settings | None = None, registry: ProviderRegistry | None = None) -> Definitions:
    settings = settings or load_settings()
    context = LocationContext.build(settings, registry or load_registry(settings.providers_file))
    return Definitions.merge(*(domain(context) for domain in DOMAINS))

