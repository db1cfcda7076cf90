"""``jobintel state``: list a profile's marked jobs (no dagster, no model)."""

import argparse

from jobintel_core.matching.profiles.user_state import load_user_state
from jobintel_dagster.cli.common import configured_store
from jobintel_dagster.cli.exit_codes import ExitCode


def run(args: argparse.Namespace) -> int:
    state = load_user_state(configured_store(), args.profile)
    if not state.jobs:
        print(f"{args.profile}: no marked jobs")
    for job_id, entry in state.jobs.items():
        note = f"  {entry.notes}" if entry.notes else ""
        print(f"{job_id}  {entry.status.value:<12} {entry.date}{note}")
    return ExitCode.OK
