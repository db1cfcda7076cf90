"""``jobintel insights --profile P [--week W]``: build the week's insights (the same job the weekly
schedule runs, on the instance under ``DAGSTER_HOME``) and print the profile's report path and a
two-line summary. The warehouse must hold the week: ``jobintel run`` loads and builds it."""

import argparse
from datetime import date

from jobintel_core.insights.report import InsightsReport, week_of
from jobintel_core.storage.keys import insights_key, stored_dates
from jobintel_core.storage.objects import ObjectMissing
from jobintel_dagster.cli.common import configured_store, interactive_settings
from jobintel_dagster.code_location import build_warehouse_definitions
from jobintel_dagster.insights.definitions import WEEKLY_INSIGHTS_JOB
from jobintel_dagster.runs.day import failure_text
from jobintel_dagster.runs.execute import execute_job
from jobintel_dagster.runs.instance import InstanceUnavailable, open_instance


def run(args: argparse.Namespace) -> int:
    settings = interactive_settings()
    store = configured_store()
    if args.week:
        week = week_of(date.fromisoformat(args.week))
    else:
        dates = stored_dates(store, "shortlist")
        if not dates:
            raise SystemExit("no shortlist stored yet: run `make run` (or `jobintel run`) first")
        week = week_of(dates[-1])
    if not (settings.profiles_dir / f"{args.profile}.yaml").exists():
        raise SystemExit(
            f"no profile {args.profile!r}: expected {settings.profiles_dir / (args.profile + '.yaml')}"
        )
    defs = build_warehouse_definitions(settings)
    try:
        instance = open_instance()
    except InstanceUnavailable as exc:
        raise SystemExit(str(exc)) from None
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
        return 1
    key = insights_key(week, "report.json", args.profile)
    try:
        report = InsightsReport.model_validate_json(store.get(key))
    except ObjectMissing:
        raise SystemExit(
            f"no report for profile {args.profile!r} was written; see run {result.run_id}"
        ) from None
    print(report.summary())
    print(f"Report:   {store.uri(insights_key(week, 'report.md', args.profile))}")
    print(f"Data:     {store.uri(key)} (and the charts beside it)")
    return 0
