"""One day the way the daily schedule runs it: one ``daily_ingest`` run per date × provider partition,
then one ``daily_rollup`` run for the date, on a given instance.

A provider that fails is recorded with its cause and does not stop the others or the rollup
(history treats the failed provider as "not fetched"). ``jobintel run`` and the tests use this.
"""

from dataclasses import dataclass, field
from datetime import date

from dagster import DagsterInstance, Definitions, ExecuteInProcessResult

from jobintel_dagster.lineage import metadata_values
from jobintel_dagster.automation.jobs import DAILY_INGEST_JOB, DAILY_ROLLUP_JOB
from jobintel_dagster.partitions import date_provider_key
from jobintel_dagster.runs.execute import execute_job, materialized_metadata


@dataclass
class ProviderOutcome:
    provider: str
    ok: bool
    jobs: int | None
    rejected: int | None
    error: str
    fetch: str = "-"  # "snapshot", or "<mode>:<live result>" (e.g. "live:breaker_open")


@dataclass
class DayOutcome:
    day: date
    providers: list[ProviderOutcome]
    history_ok: bool = False
    history_error: str = ""
    changes: dict[str, int] = field(default_factory=dict)
    open_jobs: int | None = None

    @property
    def ok(self) -> bool:
        return self.history_ok and all(p.ok for p in self.providers)


def _failure_text(result: ExecuteInProcessResult) -> str:
    event = next((e for e in result.all_events if e.is_step_failure), None)
    if event is None:
        return "" if result.success else "run failed"
    data = event.step_failure_data
    if data.user_failure_data is not None and data.user_failure_data.description:
        return data.user_failure_data.description
    return data.error.message.strip().splitlines()[-1] if data.error else "step failed"


def _fetch_text(result: ExecuteInProcessResult) -> str:
    """How the partition's payload was obtained, from its metadata (or its failure's)."""
    meta = materialized_metadata(result).get("raw_postings")
    if meta is None:
        event = next((e for e in result.all_events if e.is_step_failure), None)
        failure = event.step_failure_data.user_failure_data if event else None
        meta = metadata_values(failure.metadata if failure else {})
    mode = meta.get("scrape_mode")
    if not mode:
        return "-"
    return mode if mode == "snapshot" else f"{mode}:{meta.get('live_result')}"


def run_day(
    defs: Definitions,
    instance: DagsterInstance,
    day: date,
    providers: list[str] | None = None,
    log_level: str = "WARNING",
    with_history: bool = True,
) -> DayOutcome:
    """Ingest each provider of ``day`` (never stopping at a failure), then fold the day's history."""
    partitions_def = defs.resolve_job_def(DAILY_INGEST_JOB).partitions_def
    all_providers = partitions_def.get_partitions_def_for_dimension("provider").get_partition_keys()
    if not partitions_def.get_partitions_def_for_dimension("date").has_partition_key(day.isoformat()):
        raise ValueError(f"{day} is outside the date partitions (JOBINTEL_START_DATE to today)")
    wanted = providers or all_providers
    unknown = sorted(set(wanted) - set(all_providers))
    if unknown:
        raise ValueError(f"unknown provider(s) {unknown}; configured: {all_providers}")
    outcome = DayOutcome(day, [])
    for provider in wanted:
        result = execute_job(defs, DAILY_INGEST_JOB, date_provider_key(day, provider), instance,
                             trigger="cli", log_level=log_level)
        meta = materialized_metadata(result).get("jobs", {})
        outcome.providers.append(ProviderOutcome(
            provider, result.success, meta.get("dagster/row_count"), meta.get("rejected_records"),
            _failure_text(result), _fetch_text(result),
        ))
    if with_history:
        result = execute_job(defs, DAILY_ROLLUP_JOB, day.isoformat(), instance, trigger="cli", log_level=log_level)
        outcome.history_ok, outcome.history_error = result.success, _failure_text(result)
        recorded = materialized_metadata(result)
        changes = recorded.get("job_changes", {})
        outcome.changes = {k: int(changes[k]) for k in ("new", "changed", "closed", "reopened") if k in changes}
        outcome.open_jobs = recorded.get("job_history", {}).get("open")
    return outcome


