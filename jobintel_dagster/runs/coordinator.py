"""The run queue's one addition to Dagster: a ``jobintel/host`` tag on every run that fetches a board.

The limits themselves are Dagster's public configuration, the ``concurrency: runs:`` block of both
instance configs (``dagster.yaml`` at the root, ``deploy/dagster.yaml``):

- one run per provider, keyed on ``dagster/partition/provider``: Dagster tags every run of a
  ``date|provider`` partition with it itself, whoever launched it (schedule, sensor, the UI's
  Materialize dialog, an asset or a job backfill);
- one ``jobintel/rollup`` run at a time: a tag the rollup, dbt-build and insights jobs carry;
- one run per ATS host, keyed on ``jobintel/host``. No launcher can set this one for every run:
  UI asset backfills launch ``__ASSET_JOB`` runs that carry only Dagster's partition tags, and a
  host is not a partition dimension. So the coordinator adds it when a run is submitted, from the
  run's provider and the provider registry. That is the only reason this subclass exists.

``QueuedRunCoordinator`` and ``SubmitRunContext`` are imported from ``dagster``'s top level, but
overriding ``submit_run`` and tagging through the coordinator's instance rest on Dagster internals
(docs/dependencies.md); ``tests/dagster/runs/test_run_queue.py`` fails if they move.
"""

from functools import lru_cache
from pathlib import Path

from dagster import DagsterRun, QueuedRunCoordinator, SubmitRunContext

from jobintel_core.config.registry import RegistryError, load_registry
from jobintel_core.config.settings import load_settings
from jobintel_core.ingestion.acquisition.endpoints import provider_host

PROVIDER_TAG = "dagster/partition/provider"  # Dagster's own, for the ``provider`` dimension
HOST_TAG = "jobintel/host"


@lru_cache(maxsize=4)
def _hosts(registry_path: Path, modified: float) -> dict[str, str]:
    """Provider key → host, read again whenever the registry file changes (``modified``)."""
    return {p.key: provider_host(p) for p in load_registry(registry_path).enabled()}


def host_tag(run_tags: dict[str, str]) -> dict[str, str]:
    """``{jobintel/host: …}`` for a run of a provider's partition, else {} (a date-only run, or a
    provider the registry no longer has: the code location reports a bad registry, and the
    provider limit still holds)."""
    provider = run_tags.get(PROVIDER_TAG)
    if not provider:
        return {}
    registry = Path(load_settings().providers_file)
    try:
        host = _hosts(registry, registry.stat().st_mtime).get(provider)
    except (OSError, RegistryError):
        host = None
    return {HOST_TAG: host} if host else {}


class JobIntelRunCoordinator(QueuedRunCoordinator):
    """``QueuedRunCoordinator`` (same config) that adds ``jobintel/host`` to a board run before
    queueing it."""

    def submit_run(self, context: SubmitRunContext) -> DagsterRun:
        run = context.dagster_run
        missing = {k: v for k, v in host_tag(dict(run.tags)).items() if k not in run.tags}
        if missing:
            self._instance.add_run_tags(run.run_id, missing)
        return super().submit_run(context)
