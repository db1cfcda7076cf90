"""``jobintel replay``: rematerialize a past date from stored payloads and compare content hashes."""

import argparse
from datetime import date

from jobintel_dagster.cli.common import configured_store
from jobintel_dagster.definitions import defs
from jobintel_dagster.runs.instance import local_instance
from jobintel_dagster.runs.replay import print_report, replay_date


def run(args: argparse.Namespace) -> int:
    day = date.fromisoformat(args.date)
    lines = replay_date(defs, local_instance(), configured_store(), day, args.provider)
    print_report(day, lines)
    return 0 if all(line.equal for line in lines) else 1
