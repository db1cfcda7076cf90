"""The ingestion domain's definitions: ``raw_postings`` and ``jobs``, the payload source, and the
``daily_ingest`` job with its schedule (``automation``)."""

from dagster import Definitions

from jobintel_dagster.ingestion.assets import build_ingestion_assets
from jobintel_dagster.ingestion.automation import build_daily_schedule, daily_ingest
from jobintel_dagster.ingestion.resources import PayloadSourceResource
from jobintel_dagster.location import LocationContext


def ingestion_definitions(context: LocationContext) -> Definitions:
    settings = context.settings
    return Definitions(
        assets=build_ingestion_assets(context),
        jobs=[daily_ingest],
        schedules=[build_daily_schedule(context)],
        resources={
            "payload_source": PayloadSourceResource(
                mode=settings.scrape_mode,
                snapshot_dir=str(settings.snapshot_dir),
                contact=settings.contact,
                storage=context.storage,
            )
        },
    )
