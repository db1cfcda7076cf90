"""``dbt build`` the way the warehouse sensor launches it, for ``jobintel run``: once after all its
days, not once per day, and its outcome in one line."""

import contextlib
import io
from dataclasses import dataclass

from dagster import DagsterEventType, DagsterInstance, Definitions

from jobintel_dagster.runs.day import failure_cause, failure_text
from jobintel_dagster.runs.execute import execute_job
from jobintel_dagster.warehouse.automation import WAREHOUSE_BUILD_JOB


@dataclass(frozen=True)
class BuildOutcome:
    ok: bool
    models: int
    checks_passed: int
    checks_failed: int
    error: str
    run_id: str
    cause: str = ""  # the failure's root cause, by class name


def build_warehouse(
    defs: Definitions, instance: DagsterInstance, log_level: str, verbose: bool
) -> BuildOutcome:
    """dbt's own log goes to stdout (dagster-dbt re-emits it; in a daemon-launched run that is the
    step's captured log in the UI); here it is shown only with ``--verbose``."""
    sink = contextlib.nullcontext() if verbose else contextlib.redirect_stdout(io.StringIO())
    with sink:
        result = execute_job(defs, WAREHOUSE_BUILD_JOB, None, instance, trigger="cli", log_level=log_level)
    checks = [
        e.asset_check_evaluation_data
        for e in result.all_events
        if e.event_type == DagsterEventType.ASSET_CHECK_EVALUATION
    ]
    passed = sum(c.passed for c in checks)
    return BuildOutcome(
        result.success,
        len(result.get_asset_materialization_events()),
        passed,
        len(checks) - passed,
        failure_text(result),
        result.run_id,
        failure_cause(result),
    )
