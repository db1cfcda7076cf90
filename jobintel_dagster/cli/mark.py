"""``jobintel mark``: record what you did about a job, per profile (no dagster, no model)."""

import argparse

from jobintel_core.matching.profiles.user_state import mark_job
from jobintel_dagster.cli.common import canonical_job, configured_store, job_label, today
from jobintel_dagster.cli.exit_codes import ExitCode


def run(args: argparse.Namespace) -> int:
    store = configured_store()
    job_id, row = canonical_job(store, args.job_id)
    on = args.date or today()
    mark_job(store, args.profile, job_id, args.status, on, args.note or "")
    print(f"{args.profile}: {job_label(args.job_id, job_id, row)} → {args.status} on {on}")
    return ExitCode.OK
