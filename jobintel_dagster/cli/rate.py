"""``jobintel rate``: rate a job 1–5 stars (and optionally fit / interest / location / pay 1–10, a
comment) for a profile; appended to its ratings log (``feedback.events``; no dagster, no model)."""

import argparse

from pydantic import ValidationError

from jobintel_core.feedback.events import ASPECTS, Rating, record_rating, validation_summary
from jobintel_dagster.cli.common import canonical_job, configured_store, job_label, today
from jobintel_dagster.cli.exit_codes import CommandFailed, ExitCode


def run(args: argparse.Namespace) -> int:
    store = configured_store()
    job_id, row = canonical_job(store, args.job_id)
    try:
        rating = Rating(
            profile=args.profile,
            job_id=job_id,
            stars=args.stars,
            comment=args.comment or "",
            on=today(),
            **{aspect: getattr(args, aspect) for aspect in ASPECTS},
        )
    except ValidationError as exc:
        raise CommandFailed(ExitCode.INVALID_INPUT, f"not rated: {validation_summary(exc)}") from None
    record_rating(store, rating)
    # The stars are echoed to the person who typed them; the comment is not repeated anywhere.
    print(f"{args.profile}: {job_label(args.job_id, job_id, row)} rated {'★' * rating.stars} on {rating.on}")
    return ExitCode.OK
