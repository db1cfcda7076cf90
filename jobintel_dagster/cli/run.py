"""``jobintel run``: materialize a day (or a range, in order) the way the daily schedule does.

Runs go to the instance under ``DAGSTER_HOME`` so the UI shows them. A provider that fails is
reported in one line naming its cause and run (``--verbose`` prints Dagster's whole log) and makes
the command exit 3 (4 when the storage could not be reached), after every other provider and the
rollup have run. Ctrl-C (or SIGTERM) ends the run in progress cleanly and exits 130. Exit codes:
``exit_codes``. Step retries wait ``JOBINTEL_INTERACTIVE_RETRY_DELAY`` seconds here, not the
daemon's delay.
"""

import argparse
import contextlib
from datetime import timedelta

from jobintel_dagster.cli.common import configured, configured_store, interactive_settings, today
from jobintel_dagster.cli.exit_codes import CommandFailed, ExitCode, failed_run_code
from jobintel_dagster.cli.report import print_build, print_locations, print_outcome, print_top
from jobintel_dagster.code_location import build_definitions, build_warehouse_definitions
from jobintel_dagster.runs.day import run_day
from jobintel_dagster.runs.instance import (
    innermost_message,
    is_storage_failure,
    open_instance,
    quiet_storage_retries,
    storage_description,
)
from jobintel_dagster.runs.interrupts import Interrupts
from jobintel_dagster.runs.warehouse import build_warehouse

# Without --verbose Dagster's console log stays silent: each failure is summarized in one line
# (cause and run id) below the table, and the full log is in the instance (the UI's Runs page).
QUIET = "CRITICAL"


def run(args: argparse.Namespace) -> int:
    settings = interactive_settings()
    last = args.date or today()
    first = args.from_date or last
    if first > last:
        raise CommandFailed(ExitCode.INVALID_INPUT, f"--from {first} is after {last}")
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    defs = configured(build_definitions, settings)
    instance = open_instance()
    failures: list[str] = []  # root causes of the failed runs, by class name
    quiet = contextlib.nullcontext() if args.verbose else quiet_storage_retries()
    with Interrupts().installed() as interrupts, quiet:
        for day in days:
            try:
                outcome = run_day(
                    defs,
                    instance,
                    day,
                    args.provider,
                    "DEBUG" if args.verbose else QUIET,
                    interrupts=interrupts,
                )
            except ValueError as exc:  # a date outside the partitions, an unknown provider
                raise CommandFailed(ExitCode.INVALID_INPUT, str(exc)) from None
            except Exception as exc:
                if not is_storage_failure(exc):
                    raise
                # The run's own record could not be written: say so once, and how to recover.
                raise CommandFailed(
                    ExitCode.UNREACHABLE,
                    f"{day}: the Dagster instance database ({storage_description(instance)}) failed during the "
                    f"run: {innermost_message(exc)}. Steps that finished before it are recorded; rerun "
                    f"`jobintel run --date {day}` when it is back.",
                ) from None
            print_outcome(outcome)
            failures += [] if outcome.ok else outcome.failure_causes
            if outcome.interrupted:
                print(
                    f"interrupted by {outcome.interrupted}: the run in progress was marked failed; "
                    "nothing else was started"
                )
                return ExitCode.INTERRUPTED
        if outcome.history_ok:  # the warehouse once, after every day was loaded
            build = build_warehouse(
                build_warehouse_definitions(settings),
                instance,
                "DEBUG" if args.verbose else QUIET,
                args.verbose,
            )
            print_build(build, settings.warehouse_location.describe())
            failures += [] if build.ok else [build.cause]
    if outcome.history_ok:  # print where results are only when they were written
        print_top(configured_store(), days[-1])
        print_locations(
            days[-1],
            settings.storage_url,
            str(instance.root_directory),
            settings.warehouse_location.describe(),
        )
    return failed_run_code(failures) if failures else ExitCode.OK
