"""The run queue, with the tags our politeness limits key on added to every run that fetches a board.

The instance configs limit one run at a time per ``jobintel/provider`` (two runs never fetch one
board) and per ``jobintel/host`` (boards sharing an ATS host take turns). Those limits only hold if
every run carries the tags, whoever launched it — the schedule, a sensor, the UI's Materialize
dialog, an asset or job backfill. Tags set by each launcher would miss some (UI backfills carry only
Dagster's own partition tags), so the coordinator adds them when a run is submitted, from the
run's partition and the provider registry. Both keys are of the form Dagster accepts (one
namespace); Dagster's own ``dagster/partition/<dimension>`` keys are not, and it warns about them.
"""

from functools import lru_cache
from pathlib import Path

from dagster import DagsterRun
from dagster._core.run_coordinator import QueuedRunCoordinator, SubmitRunContext

from jobintel_core.config.registry import RegistryError, load_registry
from jobintel_core.config.settings import load_settings
from jobintel_core.ingestion.acquisition.endpoints import provider_host

PROVIDER_TAG = "jobintel/provider"
HOST_TAG = "jobintel/host"
PARTITION_TAG = "dagster/partition"


@lru_cache(maxsize=4)
def _hosts(registry_path: Path, modified: float) -> dict[str, str]:
    """Provider key → host, read again whenever the registry file changes (``modified``)."""
    return {p.key: provider_host(p) for p in load_registry(registry_path).enabled()}


def politeness_tags(run_tags: dict[str, str]) -> dict[str, str]:
    """``jobintel/provider`` and ``jobintel/host`` for a run of a ``date|provider`` partition, else {}."""
    _, sep, provider = run_tags.get(PARTITION_TAG, "").partition("|")
    if not sep or not provider:
        return {}
    tags = {PROVIDER_TAG: provider}
    registry = Path(load_settings().providers_file)
    try:
        host = _hosts(registry, registry.stat().st_mtime).get(provider)
    except (OSError, RegistryError):
        host = None  # the code location reports a bad registry; the provider limit still holds
    if host:
        tags[HOST_TAG] = host
    return tags


class JobIntelRunCoordinator(QueuedRunCoordinator):
    """``QueuedRunCoordinator`` (same config) that tags each board run before queueing it."""

    def submit_run(self, context: SubmitRunContext) -> DagsterRun:
        run = context.dagster_run
        missing = {k: v for k, v in politeness_tags(dict(run.tags)).items() if k not in run.tags}
        if missing:
            self._instance.add_run_tags(run.run_id, missing)
        return super().submit_run(context)
