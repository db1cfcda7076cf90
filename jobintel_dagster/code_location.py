"""How the two code locations are built: each domain contributes its own ``Definitions`` (assets,
checks, jobs, schedules, sensors and its own resources) from a factory with one signature,
``(LocationContext) -> Definitions``; a location merges its domains' parts.

- ``jobintel`` (``jobintel_dagster.definitions``): the daily pipeline, from boards to shortlists and
  the warehouse loaders. Every board's run process loads it, so it imports nothing it does not need.
- ``jobintel_warehouse`` (``jobintel_dagster.warehouse_definitions``): the dbt models and the weekly
  insights. dbt-core costs ~1.9 s and ~100 MB to import (measured); in its own location, only the few warehouse
  and insights runs a day pay it, not the hundreds of board runs.

Every domain package has the same files where it has such things: ``assets.py``, ``checks.py``
(the asset checks its assets evaluate), ``automation.py`` (its jobs, schedules and sensors),
``resources.py`` and ``definitions.py`` (the factory).

Every run of either location executes its steps in one process (``in_process_executor``, set here
once): a JobIntel run is a few sequential steps of about a second each, while Dagster's default
multiprocess executor starts a fresh Python per step that imports the code location again (and torch
for embeddings). Measured on 2 cores, one ``daily_ingest`` run through the run launcher: 28–35 s
multiprocess, see docs/operations.md for the in-process figure. Parallelism comes from running
boards as separate runs, which the run queue limits per provider and per host.

Both build from explicit settings so tests can point a location at their own registry, snapshots and
storage. The locations share assets only through the instance: insights read the marts, dbt reads the
loaded tables, and the UI draws the cross-location edges.
"""

from collections.abc import Callable, Sequence

from dagster import Definitions, in_process_executor

from jobintel_core.config.registry import ProviderRegistry, load_registry
from jobintel_core.config.settings import Settings, load_settings
from jobintel_dagster.alerting.definitions import alerting_definitions
from jobintel_dagster.applications.definitions import applications_definitions
from jobintel_dagster.feedback.definitions import feedback_definitions
from jobintel_dagster.history.definitions import history_definitions
from jobintel_dagster.ingestion.definitions import ingestion_definitions
from jobintel_dagster.location import LocationContext
from jobintel_dagster.matching.definitions import matching_definitions
from jobintel_dagster.storage.definitions import storage_definitions
from jobintel_dagster.warehouse.definitions import warehouse_loader_definitions

Domain = Callable[[LocationContext], Definitions]

PIPELINE_LOCATION = "jobintel"
WAREHOUSE_LOCATION = "jobintel_warehouse"
PIPELINE_DOMAINS: tuple[Domain, ...] = (
    storage_definitions,
    ingestion_definitions,
    history_definitions,
    matching_definitions,
    feedback_definitions,
    warehouse_loader_definitions,
    alerting_definitions,
    applications_definitions,
)


def _merged(
    domains: Sequence[Domain], settings: Settings | None, registry: ProviderRegistry | None
) -> Definitions:
    settings = settings or load_settings()
    context = LocationContext.build(settings, registry or load_registry(settings.providers_file))
    steps_in_one_process = Definitions(executor=in_process_executor)
    return Definitions.merge(*(domain(context) for domain in domains), steps_in_one_process)


def build_definitions(
    settings: Settings | None = None, registry: ProviderRegistry | None = None
) -> Definitions:
    """The pipeline location (``jobintel``)."""
    return _merged(PIPELINE_DOMAINS, settings, registry)


def build_warehouse_definitions(
    settings: Settings | None = None, registry: ProviderRegistry | None = None
) -> Definitions:
    """The warehouse location (``jobintel_warehouse``): dbt models, insights, and their alerting."""
    # Imported here, not at the top: this module builds the pipeline location too, whose run
    # processes would otherwise import dbt-core and matplotlib (~2.4 s) for nothing.
    from jobintel_dagster.insights.definitions import insights_definitions
    from jobintel_dagster.warehouse.model_definitions import warehouse_model_definitions

    domains = (storage_definitions, warehouse_model_definitions, insights_definitions, alerting_definitions)
    return _merged(domains, settings, registry)
