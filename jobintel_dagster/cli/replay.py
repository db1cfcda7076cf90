"""``jobintel replay``: rematerialize a past date from stored payloads and compare content hashes."""

import argparse
from datetime import date

from jobintel_dagster.cli.common import configured_store, interactive_settings
from jobintel_dagster.code_location import build_definitions
from jobintel_dagster.runs.instance import InstanceUnavailable, open_instance
from jobintel_dagster.runs.replay import print_report, replay_date


def run(args: argparse.Namespace) -> int:
    day = date.fromisoformat(args.date)
    try:
        instance = open_instance()
    except InstanceUnavailable as exc:
        raise SystemExit(str(exc)) from None
    lines = replay_date(
        build_definitions(interactive_settings()), instance, configured_store(), day, args.provider
    )
    print_report(day, lines)
    return 0 if all(line.equal for line in lines) else 1
