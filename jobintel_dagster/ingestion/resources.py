"""``PayloadSourceResource``: how raw payloads are obtained (``snapshot``, ``live`` or ``record``).

Breaker state, the robots.txt cache, recorded captures and quarantined responses live in the same
object store as everything else, so every pod and every run sees the same state.
"""

from datetime import date
from pathlib import Path

from dagster import ConfigurableResource, ResourceDependency

from jobintel_core.config.registry import ProviderConfig, ScrapeMode
from jobintel_core.ingestion.acquisition.modes import RawPayload, SourceConfig, obtain_payload
from jobintel_dagster.storage.resources import StorageResource


class PayloadSourceResource(ConfigurableResource):
    """See ``jobintel_core.ingestion.acquisition.modes`` for what each mode does."""

    mode: ScrapeMode = "snapshot"
    snapshot_dir: str
    contact: str = ""
    storage: ResourceDependency[StorageResource]

    def fetch(self, provider: ProviderConfig, on: date, run_id: str) -> RawPayload:
        config = SourceConfig(
            mode=self.mode,
            snapshot_dir=Path(self.snapshot_dir),
            store=self.storage.get_store(),
            contact=self.contact,
            run_id=run_id,
        )
        return obtain_payload(provider, on, config)
