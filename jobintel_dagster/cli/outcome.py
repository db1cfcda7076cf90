"""``jobintel outcome``: record how an application went (applied, screen, … offer, rejected) for a
profile. It moves the job in the tracker, exactly as ``jobintel mark`` and the web app do: the
tracker's stage history is the outcome log (``feedback.events``; no dagster, no model)."""

import argparse

from pydantic import ValidationError

from jobintel_core.feedback.events import Outcome, record_outcome, validation_summary
from jobintel_dagster.cli.common import canonical_job, configured_store, job_label, today
from jobintel_dagster.cli.exit_codes import CommandFailed, ExitCode


def run(args: argparse.Namespace) -> int:
    store = configured_store()
    job_id, row = canonical_job(store, args.job_id)
    now = today()
    on = args.date or now
    if on > now:
        raise CommandFailed(ExitCode.INVALID_INPUT, f"--date {on} is after today ({now}): not recorded")
    try:
        outcome = Outcome(profile=args.profile, job_id=job_id, stage=args.stage, on=on)
    except ValidationError as exc:
        raise CommandFailed(ExitCode.INVALID_INPUT, f"not recorded: {validation_summary(exc)}") from None
    recorded = record_outcome(store, outcome, note=args.note)
    already = f" (already since {recorded.on})" if recorded.on != on else ""
    print(f"{args.profile}: {job_label(args.job_id, job_id, row)} → {recorded.stage.value} on {on}{already}")
    return ExitCode.OK
