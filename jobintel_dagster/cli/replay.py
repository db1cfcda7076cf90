"""``jobintel replay``: rematerialize a past date from stored payloads and compare content hashes."""

import argparse

from jobintel_dagster.cli.common import configured, configured_store, interactive_settings
from jobintel_dagster.cli.exit_codes import CommandFailed, ExitCode
from jobintel_dagster.code_location import build_definitions
from jobintel_dagster.runs.instance import open_instance
from jobintel_dagster.runs.replay import NothingToReplay, print_report, replay_date


def run(args: argparse.Namespace) -> int:
    defs = configured(build_definitions, interactive_settings())
    instance = open_instance()
    try:
        lines = replay_date(defs, instance, configured_store(), args.date, args.provider)
    except NothingToReplay as exc:
        raise CommandFailed(ExitCode.INVALID_INPUT, str(exc)) from None
    print_report(args.date, lines)
    if any(line.replayed is None for line in lines):
        return ExitCode.RUN_FAILED
    return ExitCode.OK if all(line.equal for line in lines) else ExitCode.NOT_REPRODUCED
