"""Running a job in-process on an instance, and reading what it recorded.

Shared by ``jobintel run`` and ``jobintel replay`` so both launch runs the same way (logging
level, trigger tag, never raising on a failed step) and read results the same way.
"""

from collections.abc import Sequence
from typing import Any

from dagster import AssetKey, DagsterInstance, Definitions, ExecuteInProcessResult, MultiPartitionsDefinition

from jobintel_dagster.lineage import metadata_values


def execute_job(
    defs: Definitions,
    name: str,
    partition_key: str | None,
    instance: DagsterInstance,
    *,
    trigger: str,
    log_level: str = "WARNING",
    assets: Sequence[str] | None = None,
) -> ExecuteInProcessResult:
    return defs.resolve_job_def(name).execute_in_process(
        partition_key=partition_key,
        instance=instance,
        asset_selection=[AssetKey.from_user_string(a) for a in assets] if assets else None,
        raise_on_error=False,
        tags={"jobintel/trigger": trigger},
        run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
    )


def materialized_metadata(result: ExecuteInProcessResult) -> dict[str, dict[str, Any]]:
    """Plain metadata values of each asset materialized by ``result``, by asset key (``jobs``,
    ``warehouse/raw/jobs``)."""
    return {
        event.materialization.asset_key.to_user_string(): metadata_values(event.materialization.metadata)
        for event in result.get_asset_materialization_events()
    }


def date_provider_partitions(defs: Definitions, job_name: str) -> MultiPartitionsDefinition:
    """The (date × provider) partitions of a job of ``defs``."""
    partitions = defs.resolve_job_def(job_name).partitions_def
    if not isinstance(partitions, MultiPartitionsDefinition):
        raise TypeError(f"job {job_name!r} is not partitioned by date and provider")
    return partitions
