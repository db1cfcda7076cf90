"""``jobintel insights --profile P [--week W]``: build the week's insights (the same job the weekly
schedule runs, on the instance under ``DAGSTER_HOME``) and print the profile's report path and a
two-line summary. The warehouse must hold the week: ``jobintel run`` loads and builds it."""

import argparse

from jobintel_core.insights.report import InsightsReport, week_of
from jobintel_core.storage.keys import insights_key, stored_dates
from jobintel_core.storage.objects import ObjectMissing
from jobintel_dagster.cli.common import configured, configured_store, interactive_settings
from jobintel_dagster.cli.exit_codes import CommandFailed, ExitCode, failed_run_code
from jobintel_dagster.code_location import build_warehouse_definitions
from jobintel_dagster.insights.automation import WEEKLY_INSIGHTS_JOB
from jobintel_dagster.runs.day import failure_cause, failure_text
from jobintel_dagster.runs.execute import execute_job
from jobintel_dagster.runs.instance import open_instance


def run(args: argparse.Namespace) -> int:
    settings = interactive_settings()
    store = configured_store()
    if args.week:
        week = week_of(args.week)
    else:
        dates = stored_dates(store, "shortlist")
        if not dates:
            raise CommandFailed(
                ExitCode.INVALID_INPUT, "no shortlist stored yet: run `make run` (or `jobintel run`) first"
            )
        week = week_of(dates[-1])
    if not (settings.profiles_dir / f"{args.profile}.yaml").exists():
        raise CommandFailed(
            ExitCode.INVALID_INPUT,
            f"no profile {args.profile!r}: expected {settings.profiles_dir / (args.profile + '.yaml')}",
        )
    defs = configured(build_warehouse_definitions, settings)
    instance = open_instance()
    result = execute_job(
        defs,
        WEEKLY_INSIGHTS_JOB,
        week.isoformat(),
        instance,
        trigger="cli",
        log_level="DEBUG" if args.verbose else "CRITICAL",
    )
    if not result.success:
        print(f"insights for the week of {week} failed: {failure_text(result)} [run {result.run_id}]")
        return failed_run_code([failure_cause(result)])
    key = insights_key(week, "report.json", args.profile)
    try:
        report = InsightsReport.model_validate_json(store.get(key))
    except ObjectMissing:
        raise CommandFailed(
            ExitCode.RUN_FAILED,
            f"no report for profile {args.profile!r} was written; see run {result.run_id}",
        ) from None
    print(report.summary())
    print(f"Report:   {store.uri(insights_key(week, 'report.md', args.profile))}")
    print(f"Data:     {store.uri(key)} (and the charts beside it)")
    return ExitCode.OK
