"""One day the way the daily schedule runs it: one ``daily_ingest`` run per date × provider partition,
then one ``daily_rollup`` run for the date, on a given instance.

A provider that fails is recorded with its cause and does not stop the others or the rollup
(history treats the failed provider as "not fetched"); a signal does (see ``interrupts``).
``jobintel run`` and the tests use this.
"""

import functools
from dataclasses import dataclass, field
from datetime import date

from dagster import DagsterEventType, DagsterInstance, Definitions, ExecuteInProcessResult
from dagster._utils.error import SerializableErrorInfo

from jobintel_dagster.ingestion.automation import DAILY_INGEST_JOB
from jobintel_dagster.lineage import metadata_values
from jobintel_dagster.partitions import date_provider_key
from jobintel_dagster.runs.execute import date_provider_partitions, execute_job, materialized_metadata
from jobintel_dagster.runs.interrupts import Interrupts, error_chain
from jobintel_dagster.warehouse.automation import DAILY_ROLLUP_JOB


@dataclass
class ProviderOutcome:
    provider: str
    ok: bool
    jobs: int | None
    rejected: int | None
    error: str
    fetch: str = "-"  # "snapshot", or "<mode>:<live result>" (e.g. "live:breaker_open")
    run_id: str = ""
    cause: str = ""  # the failure's root cause, by class name (``failure_cause``)


@dataclass
class DayOutcome:
    day: date
    providers: list[ProviderOutcome]
    history_ok: bool = False
    history_error: str = ""
    history_run_id: str = ""
    history_cause: str = ""
    changes: dict[str, int] = field(default_factory=dict)
    open_jobs: int | None = None
    interrupted: str | None = None  # the signal that stopped the day, if one did

    @property
    def ok(self) -> bool:
        return self.history_ok and all(p.ok for p in self.providers) and not self.interrupted

    @property
    def failure_causes(self) -> list[str]:
        """The root causes of the day's failed runs, by class name."""
        causes = [p.cause for p in self.providers if not p.ok]
        return causes if self.history_ok else [*causes, self.history_cause]


def root_cause(error: SerializableErrorInfo) -> str:
    """The innermost error's message, without its class path: for a failure inside an IO manager
    that is our ``StorageUnavailable`` sentence, not Dagster's "Error occurred while handling output"."""
    *_, error = error_chain(error)
    message = error.message.strip().splitlines()[0] if error.message.strip() else error.cls_name or "error"
    prefix = f"{error.cls_name}: " if error.cls_name else ""
    return message.split(prefix, 1)[1] if prefix and prefix in message else message


def failure_text(result: ExecuteInProcessResult) -> str:
    """One line: the failing step's own description or root cause, and its step retries, if any."""
    event = next((e for e in result.all_events if e.is_step_failure), None)
    if event is None:
        return "" if result.success else "run failed before any step (see the run's log in the UI)"
    data = event.step_failure_data
    if data.user_failure_data is not None and data.user_failure_data.description:
        text = data.user_failure_data.description
    else:
        text = root_cause(data.error) if data.error else "step failed"
    retries = sum(e.event_type == DagsterEventType.STEP_UP_FOR_RETRY for e in result.all_events)
    return f"{text} (after {retries} step retr{'y' if retries == 1 else 'ies'})" if retries else text


def failure_cause(result: ExecuteInProcessResult) -> str:
    """The class name of the first failing step's root cause ("" when none failed): the exit code
    of ``jobintel`` tells storage that could not be reached from other failures by it."""
    event = next((e for e in result.all_events if e.is_step_failure), None)
    error = event.step_failure_data.error if event else None
    if error is None:
        return ""
    *_, innermost = error_chain(error)
    return innermost.cls_name or ""


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
    interrupts: Interrupts | None = None,
) -> DayOutcome:
    """Ingest each provider of ``day`` (never stopping at a failure), then fold the day's history.

    With ``interrupts`` installed, a SIGINT/SIGTERM ends the run in progress (marked failed) and
    nothing more is started; ``outcome.interrupted`` names the signal."""
    interrupts = interrupts or Interrupts()
    partitions_def = date_provider_partitions(defs, DAILY_INGEST_JOB)
    all_providers = partitions_def.get_partitions_def_for_dimension("provider").get_partition_keys()
    if not partitions_def.get_partitions_def_for_dimension("date").has_partition_key(day.isoformat()):
        raise ValueError(f"{day} is outside the date partitions (JOBINTEL_START_DATE to today)")
    wanted = providers or all_providers
    unknown = sorted(set(wanted) - set(all_providers))
    if unknown:
        raise ValueError(f"unknown provider(s) {unknown}; configured: {all_providers}")
    outcome = DayOutcome(day, [])
    for provider in wanted:
        result = interrupts.run(
            functools.partial(
                execute_job,
                defs,
                DAILY_INGEST_JOB,
                date_provider_key(day, provider),
                instance,
                trigger="cli",
                log_level=log_level,
            )
        )
        meta = materialized_metadata(result).get("jobs", {})
        outcome.providers.append(
            ProviderOutcome(
                provider,
                result.success,
                meta.get("dagster/row_count"),
                meta.get("rejected_records"),
                failure_text(result),
                _fetch_text(result),
                result.run_id,
                failure_cause(result),
            )
        )
        if interrupts.received:
            outcome.interrupted = interrupts.received
            return outcome
    if with_history:
        result = interrupts.run(
            lambda: execute_job(
                defs, DAILY_ROLLUP_JOB, day.isoformat(), instance, trigger="cli", log_level=log_level
            )
        )
        outcome.interrupted = interrupts.received
        outcome.history_ok, outcome.history_error = result.success, failure_text(result)
        outcome.history_run_id = result.run_id
        outcome.history_cause = failure_cause(result)
        recorded = materialized_metadata(result)
        changes = recorded.get("job_changes", {})
        outcome.changes = {
            k: int(changes[k]) for k in ("new", "changed", "closed", "reopened") if k in changes
        }
        outcome.open_jobs = recorded.get("job_history", {}).get("open")
    return outcome
