"""``jobintel mark``: record what you did about a job, per profile (no dagster, no model)."""

import argparse

from jobintel_core.matching.profiles.user_state import UnknownJob, mark_job, resolve_job_id
from jobintel_core.storage.keys import HISTORY
from jobintel_core.storage.tables import latest_daily_table
from jobintel_dagster.cli.common import configured_store, today
from jobintel_dagster.cli.exit_codes import CommandFailed, ExitCode


def run(args: argparse.Namespace) -> int:
    store = configured_store()
    found = latest_daily_table(store, HISTORY)
    if found is None:
        raise CommandFailed(
            ExitCode.INVALID_INPUT, "no job history yet: run `make run` (or `jobintel run`) first"
        )
    history_date, history = found
    try:
        job_id = resolve_job_id(history, args.job_id)
    except UnknownJob as exc:
        raise CommandFailed(ExitCode.INVALID_INPUT, f"{exc} (history of {history_date})") from None
    on = args.date or today()
    mark_job(store, args.profile, job_id, args.status, on, args.note or "")
    row = history.loc[history["job_id"] == job_id].iloc[0]
    alias = f" (via {args.job_id})" if job_id != args.job_id else ""
    print(f"{args.profile}: {job_id}{alias} {row['title']} at {row['company']} → {args.status} on {on}")
    return ExitCode.OK
