"""``jobintel draft JOB_ID --profile P``: materialize the job's application partition (tailored CV,
cover letter, brief) on the instance under ``DAGSTER_HOME`` and print where the files are. Without
``--resume`` the profile's scoring résumé is used (``jobintel resume use``)."""

import argparse

from jobintel_core.applications.drafts import KINDS
from jobintel_core.applications.job import JobNotFound, load_job_facts
from jobintel_core.applications.library import (
    ResumeMissing,
    load_draft_record,
    load_resume,
    resume_or_scoring,
)
from jobintel_core.storage.keys import draft_key
from jobintel_dagster.applications.assets import APPLICATIONS_PARTITIONS, application_key
from jobintel_dagster.applications.automation import PREPARE_APPLICATION_JOB
from jobintel_dagster.cli.common import configured_store, interactive_settings
from jobintel_dagster.cli.exit_codes import CommandFailed, ExitCode
from jobintel_dagster.code_location import build_definitions
from jobintel_dagster.runs.day import failure_text
from jobintel_dagster.runs.execute import execute_job
from jobintel_dagster.runs.instance import open_instance


def run(args: argparse.Namespace) -> int:
    store = configured_store()
    try:  # checked before starting a run, so the message is the reason, not a failed step
        resume = resume_or_scoring(store, args.profile, args.resume)
        load_resume(store, args.profile, resume)
        job = load_job_facts(store, args.profile, args.job_id)
    except (ResumeMissing, JobNotFound) as exc:
        raise CommandFailed(ExitCode.INVALID_INPUT, str(exc)) from None
    key = application_key(args.profile, resume, args.job_id)
    instance = open_instance()
    instance.add_dynamic_partitions(APPLICATIONS_PARTITIONS, [key])
    result = execute_job(
        build_definitions(interactive_settings()),
        PREPARE_APPLICATION_JOB,
        key,
        instance,
        trigger="cli",
        log_level="DEBUG" if args.verbose else "CRITICAL",
    )
    if not result.success:
        raise CommandFailed(
            ExitCode.RUN_FAILED,
            f"drafts for {job.title} failed: {failure_text(result)} [run {result.run_id}]",
        )
    print(f"{job.title} — {job.company} (résumé {resume!r}, run {result.run_id})")
    for kind in KINDS:
        record = load_draft_record(store, args.profile, resume, args.job_id, kind)
        note = (
            f" (template: {record.reason})" if record.source == "template" and record.status != "off" else ""
        )
        print(f"  {kind:<7} {record.source}{note}")
        for name in record.files:
            print(f"          {store.uri(draft_key(args.profile, resume, args.job_id, name))}")
    return 0
