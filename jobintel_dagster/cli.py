"""``jobintel``: the command line over the code location.

``jobintel run`` materializes one day for every provider (one run per date × provider partition,
exactly what the daily schedule and a UI backfill launch), on the instance under ``DAGSTER_HOME``,
so the UI shows these runs with their metadata. A provider that fails is reported and makes the
command exit 1, after every other provider has run.
"""

import argparse
import sys
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from dagster import DagsterInstance, Definitions

from jobintel_core.settings import load_settings
from jobintel_core.storage import parse_storage_url
from jobintel_dagster.ingestion import DAILY_INGEST_JOB
from jobintel_dagster.local_instance import local_instance
from jobintel_dagster.partitions import date_provider_key


@dataclass
class ProviderOutcome:
    provider: str
    ok: bool
    jobs: int | None
    rejected: int | None
    location: str
    error: str


def _today(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def run_day(
    defs: Definitions,
    instance: DagsterInstance,
    day: date, providers: list[str] | None = None, log_level: str = "WARNING"
) -> list[ProviderOutcome]:
    """Materialize ``daily_ingest`` for each provider of ``day``; never stops at the first failure."""
    job = defs.resolve_job_def(DAILY_INGEST_JOB)
    partitions_def = job.partitions_def
    all_providers = partitions_def.get_partitions_def_for_dimension("provider").get_partition_keys()
    daily = partitions_def.get_partitions_def_for_dimension("date")
    if not daily.has_partition_key(day.isoformat()):
        raise SystemExit(f"{day} is outside the date partitions (JOBINTEL_START_DATE to today)")
    wanted = providers or all_providers
    unknown = sorted(set(wanted) - set(all_providers))
    if unknown:
        raise SystemExit(f"unknown provider(s) {unknown}; configured: {all_providers}")
    outcomes = []
    for provider in wanted:
        result = job.execute_in_process(
            partition_key=date_provider_key(day, provider),
            instance=instance,
            raise_on_error=False,
            tags={"jobintel/trigger": "cli"},
            run_config={"loggers": {"console": {"config": {"log_level": log_level}}}},
        )
        jobs_meta = {
            event.asset_key.to_user_string(): event.materialization.metadata
            for event in result.get_asset_materialization_events()
        }.get("jobs", {})
        failure = next((e for e in result.all_events if e.is_step_failure), None)
        outcomes.append(
            ProviderOutcome(
                provider=provider,
                ok=result.success,
                jobs=_value(jobs_meta.get("dagster/row_count")),
                rejected=_value(jobs_meta.get("rejected_records")),
                location=str(_value(jobs_meta.get("storage_uri")) or ""),
                error=_failure_text(failure),
            )
        )
    return outcomes


def _value(metadata_value: object) -> object:
    return getattr(metadata_value, "value", metadata_value)


def _failure_text(event: object) -> str:
    if event is None:
        return ""
    data = event.step_failure_data  # type: ignore[attr-defined]
    user = data.user_failure_data
    if user is not None and user.description:
        return user.description
    return data.error.message.strip().splitlines()[-1] if data.error else "step failed"


def print_outcomes(day: date, outcomes: list[ProviderOutcome], storage_url: str, home: str) -> None:
    width = max(len("provider"), *(len(o.provider) for o in outcomes))
    print(f"\nJobIntel daily run for {day.isoformat()}")
    print(f"{'provider':<{width}}  {'status':<6}  {'jobs':>5}  {'rejected':>8}")
    for o in outcomes:
        jobs = "-" if o.jobs is None else str(o.jobs)
        rejected = "-" if o.rejected is None else str(o.rejected)
        print(f"{o.provider:<{width}}  {'ok' if o.ok else 'FAILED':<6}  {jobs:>5}  {rejected:>8}")
    total = sum(o.jobs or 0 for o in outcomes)
    print(f"{'total':<{width}}  {'':<6}  {total:>5}")
    for o in outcomes:
        if not o.ok:
            print(f"\n{o.provider} failed: {o.error}")
    kind, location, prefix = parse_storage_url(storage_url)
    root = f"s3://{location}/{prefix}".rstrip("/") if kind == "s3" else str(location)
    print(f"\nData:      {root}/jobs/{day.isoformat()}/<provider>.parquet (raw payloads in raw_postings/)")
    print(f"Instance:  {home} (runs, materializations and their metadata)")
    print("Inspect:   make ui  → http://127.0.0.1:3000/assets")
    print(f"           python -c \"import pandas as pd; print(pd.read_parquet('{root}/jobs/{day.isoformat()}'))\"")


def _cmd_run(args: argparse.Namespace) -> int:
    settings = load_settings()
    day = date.fromisoformat(args.date) if args.date else _today(settings.timezone)
    instance = local_instance()
    from jobintel_dagster.definitions import defs

    outcomes = run_day(defs, instance, day, args.provider, "DEBUG" if args.verbose else "WARNING")
    print_outcomes(day, outcomes, settings.storage_url, str(instance.root_directory))
    return 0 if all(o.ok for o in outcomes) else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobintel", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="materialize one day for every provider")
    run.add_argument("--date", help="partition date YYYY-MM-DD (default: today in JOBINTEL_TIMEZONE)")
    run.add_argument("--provider", action="append", help="only this provider (repeatable)")
    run.add_argument("--verbose", action="store_true", help="show Dagster's step logs")
    run.set_defaults(handler=_cmd_run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
