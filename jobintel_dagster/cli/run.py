"""``jobintel run``: materialize a day (or a range, in order) the way the daily schedule does.

Runs go to the instance under ``DAGSTER_HOME`` so the UI shows them. A provider that fails is
reported and makes the command exit 1, after every other provider and the rollup have run.
"""

import argparse
from datetime import date, timedelta

from jobintel_core.config.settings import load_settings
from jobintel_dagster.cli.common import configured_store, today
from jobintel_dagster.cli.report import print_locations, print_outcome, print_top
from jobintel_dagster.definitions import defs
from jobintel_dagster.runs.day import run_day
from jobintel_dagster.runs.instance import local_instance


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    last = date.fromisoformat(args.date) if args.date else today()
    first = date.fromisoformat(args.from_date) if args.from_date else last
    if first > last:
        raise SystemExit(f"--from {first} is after {last}")
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    instance = local_instance()
    ok = True
    for day in days:
        try:
            outcome = run_day(defs, instance, day, args.provider, "DEBUG" if args.verbose else "WARNING")
        except ValueError as exc:  # a date outside the partitions, an unknown provider
            raise SystemExit(str(exc)) from None
        print_outcome(outcome)
        ok = ok and outcome.ok
    if outcome.history_ok:
        print_top(configured_store(), days[-1])
    print_locations(days[-1], settings.storage_url, str(instance.root_directory))
    return 0 if ok else 1
