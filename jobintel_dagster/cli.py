"""``jobintel``: the command line over the code location.

``jobintel run`` materializes a day the way the daily schedule does: one ``daily_ingest`` run per
date × provider partition, then one ``daily_rollup`` run for the date (history, changes, index,
scores, shortlist), on the instance under ``DAGSTER_HOME`` so the UI shows them, and prints each
profile's top 10. A provider that fails is reported and makes the command exit 1, after every
other provider and the rollup have run (history treats the failed provider as "not fetched").
``jobintel search`` queries the latest index; ``mark`` / ``state`` record what you did about a job.
"""

import argparse
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
from dagster import DagsterInstance, Definitions, ExecuteInProcessResult

from jobintel_core.settings import load_settings
from jobintel_core.embeddings import EmbeddingCache, default_model_path, embed_texts, load_encoder
from jobintel_core.layout import object_key, stored_dates
from jobintel_core.storage import ObjectStore, open_store, parse_storage_url
from jobintel_core.tables import frame_from_parquet
from jobintel_core.vector_index import build_index
from jobintel_dagster.jobs import DAILY_INGEST_JOB, DAILY_ROLLUP_JOB
from jobintel_dagster.local_instance import local_instance
from jobintel_dagster.partitions import date_provider_key
from jobintel_dagster.runs import execute_job, materialized_metadata


@dataclass
class ProviderOutcome:
    provider: str
    ok: bool
    jobs: int | None
    rejected: int | None
    error: str
    fetch: str = "-"  # "snapshot", or "<mode>:<live result>" (e.g. "live:breaker_open")


@dataclass
class DayOutcome:
    day: date
    providers: list[ProviderOutcome]
    history_ok: bool = False
    history_error: str = ""
    changes: dict[str, int] = field(default_factory=dict)
    open_jobs: int | None = None

    @property
    def ok(self) -> bool:
        return self.history_ok and all(p.ok for p in self.providers)


def _today(timezone: str) -> date:
    return datetime.now(ZoneInfo(timezone)).date()


def _failure_text(result: ExecuteInProcessResult) -> str:
    event = next((e for e in result.all_events if e.is_step_failure), None)
    if event is None:
        return "" if result.success else "run failed"
    data = event.step_failure_data
    if data.user_failure_data is not None and data.user_failure_data.description:
        return data.user_failure_data.description
    return data.error.message.strip().splitlines()[-1] if data.error else "step failed"


def _fetch_text(result: ExecuteInProcessResult) -> str:
    """How the partition's payload was obtained, from its metadata (or its failure's)."""
    meta = materialized_metadata(result).get("raw_postings")
    if meta is None:
        event = next((e for e in result.all_events if e.is_step_failure), None)
        failure = event.step_failure_data.user_failure_data if event else None
        meta = {k: getattr(v, "value", v) for k, v in (failure.metadata if failure else {}).items()}
    mode = meta.get("scrape_mode")
    if not mode:
        return "-"
    return mode if mode == "snapshot" else f"{mode}:{meta.get('live_result')}"


def run_day(
    defs: Definitions,
    instance: DagsterInstance,
    day: date,
    providers: list[str] | None = None,
    log_level: str = "WARNING",
    with_history: bool = True,
) -> DayOutcome:
    """Ingest each provider of ``day`` (never stopping at a failure), then fold the day's history."""
    partitions_def = defs.resolve_job_def(DAILY_INGEST_JOB).partitions_def
    all_providers = partitions_def.get_partitions_def_for_dimension("provider").get_partition_keys()
    if not partitions_def.get_partitions_def_for_dimension("date").has_partition_key(day.isoformat()):
        raise SystemExit(f"{day} is outside the date partitions (JOBINTEL_START_DATE to today)")
    wanted = providers or all_providers
    unknown = sorted(set(wanted) - set(all_providers))
    if unknown:
        raise SystemExit(f"unknown provider(s) {unknown}; configured: {all_providers}")
    outcome = DayOutcome(day, [])
    for provider in wanted:
        result = execute_job(defs, DAILY_INGEST_JOB, date_provider_key(day, provider), instance,
                             trigger="cli", log_level=log_level)
        meta = materialized_metadata(result).get("jobs", {})
        outcome.providers.append(ProviderOutcome(
            provider, result.success, meta.get("dagster/row_count"), meta.get("rejected_records"),
            _failure_text(result), _fetch_text(result),
        ))
    if with_history:
        result = execute_job(defs, DAILY_ROLLUP_JOB, day.isoformat(), instance, trigger="cli", log_level=log_level)
        outcome.history_ok, outcome.history_error = result.success, _failure_text(result)
        recorded = materialized_metadata(result)
        changes = recorded.get("job_changes", {})
        outcome.changes = {k: int(changes[k]) for k in ("new", "changed", "closed", "reopened") if k in changes}
        outcome.open_jobs = recorded.get("job_history", {}).get("open")
    return outcome


def print_outcome(outcome: DayOutcome) -> None:
    day, rows = outcome.day, outcome.providers
    width = max(len("provider"), *(len(o.provider) for o in rows))
    print(f"\nJobIntel daily run for {day.isoformat()}")
    print(f"{'provider':<{width}}  {'status':<6}  {'jobs':>5}  {'rejected':>8}  fetch")
    for o in rows:
        jobs = "-" if o.jobs is None else str(o.jobs)
        rejected = "-" if o.rejected is None else str(o.rejected)
        print(f"{o.provider:<{width}}  {'ok' if o.ok else 'FAILED':<6}  {jobs:>5}  {rejected:>8}  {o.fetch}")
    print(f"{'total':<{width}}  {'':<6}  {sum(o.jobs or 0 for o in rows):>5}")
    for o in rows:
        if not o.ok:
            print(f"{o.provider} failed: {o.error}")
    if outcome.history_ok:
        summary = ", ".join(f"{v} {k}" for k, v in outcome.changes.items())
        print(f"history:  {outcome.open_jobs} open jobs; changes today: {summary}")
    elif outcome.history_error:
        print(f"history failed: {outcome.history_error}")


def _stored_table(asset: str, day: date | None = None) -> tuple[date, pd.DataFrame]:
    """A daily table from storage: the given date, or the latest one stored."""
    store = _store()
    dates = stored_dates(store, asset)
    if not dates:
        raise SystemExit(f"no {asset} stored yet: run `make run` (or `jobintel run`) first")
    chosen = day or dates[-1]
    if chosen not in dates:
        raise SystemExit(f"no {asset} for {chosen}; stored dates: {dates[0]} … {dates[-1]}")
    return chosen, frame_from_parquet(store.get(object_key([asset], chosen.isoformat(), "parquet")))


def print_top(day: date, limit: int = 10) -> None:
    _, shortlist = _stored_table("shortlist", day)
    for profile, rows in shortlist.groupby("profile", sort=True):
        print(f"\nTop {min(limit, len(rows))} for {profile} ({day}):")
        for row in rows.head(limit).to_dict("records"):
            flags = " ".join(f for f in ("NEW" if row["is_new"] else "", row["user_status"] or "") if f)
            print(f"  {row['rank']:>2}. {row['score']:5.1f}  {row['title']} — {row['company']}  {flags}".rstrip())
            print(f"      {row['url']}")
    if shortlist.empty:
        print("\nNo job reached any profile's min_score today.")


def print_locations(days: list[date], storage_url: str, home: str) -> None:
    kind, location, prefix = parse_storage_url(storage_url)
    root = f"s3://{location}/{prefix}".rstrip("/") if kind == "s3" else str(location)
    last = days[-1].isoformat()
    print(f"\nData:      {root}/jobs/{last}/<provider>.parquet   (raw payloads: {root}/raw_postings/)")
    print(f"           {root}/job_history/{last}.parquet, {root}/job_changes/{last}.parquet")
    print(f"Shortlist: {root}/shortlist/{last}.parquet (scores with explanations: {root}/job_scores/{last}.parquet)")
    print(f"Instance:  {home} (runs, materializations and their metadata)")
    print("Inspect:   make ui  → http://127.0.0.1:3000/assets")
    print(f"           python -c \"import pandas as pd; print(pd.read_parquet('{root}/job_changes/{last}.parquet'))\"")


def _cmd_run(args: argparse.Namespace) -> int:
    from jobintel_dagster.definitions import defs

    settings = load_settings()
    last = date.fromisoformat(args.date) if args.date else _today(settings.timezone)
    first = date.fromisoformat(args.from_date) if args.from_date else last
    if first > last:
        raise SystemExit(f"--from {first} is after {last}")
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    instance = local_instance()
    ok = True
    for day in days:
        outcome = run_day(defs, instance, day, args.provider, "DEBUG" if args.verbose else "WARNING")
        print_outcome(outcome)
        ok = ok and outcome.ok
    if outcome.history_ok:
        print_top(days[-1])
    print_locations(days, settings.storage_url, str(instance.root_directory))
    return 0 if ok else 1


def _store() -> ObjectStore:
    return open_store(load_settings().storage_url)


def _cmd_search(args: argparse.Namespace) -> int:
    settings = load_settings()
    day, index_frame = _stored_table("job_index", date.fromisoformat(args.date) if args.date else None)
    _, history = _stored_table("job_history", day)
    if index_frame.empty:
        raise SystemExit(f"the index of {day} is empty")
    encoder = load_encoder(settings.model_path or str(default_model_path()))
    vectors, _, _ = embed_texts({"q": args.query}, encoder, EmbeddingCache(_store(), encoder.model_id))
    matrix = np.stack([np.asarray(v, dtype=np.float32) for v in index_frame["vector"]])
    index = build_index(list(index_frame["job_id"]), matrix, settings.index_kind)
    [hits] = index.search(vectors["q"][None, :], args.k)
    jobs = history.set_index("job_id")
    scores = None
    if args.profile:
        _, all_scores = _stored_table("job_scores", day)
        scores = all_scores[all_scores["profile"] == args.profile].set_index("job_id")
        if scores.empty:
            raise SystemExit(f"no scores for profile {args.profile!r} on {day}")
    print(f"Search {args.query!r} over {len(index_frame)} open jobs ({day}):")
    for rank, (job_id, cosine) in enumerate(hits, start=1):
        job = jobs.loc[job_id]
        extra = ""
        if scores is not None:
            row = scores.loc[job_id]
            extra = "  EXCLUDED" if row["excluded"] else f"  {args.profile} score {row['score']:.1f}"
        print(f"{rank:>3}. {cosine:.3f}  {job['title']} — {job['company']}{extra}")
        print(f"      {job['url']}")
    return 0


def _cmd_mark(args: argparse.Namespace) -> int:
    from jobintel_core.history import latest_history
    from jobintel_core.user_state import UnknownJob, mark_job, resolve_job_id

    store = _store()
    found = latest_history(store)
    if found is None:
        raise SystemExit("no job history yet: run `make run` (or `jobintel run`) first")
    history_date, history = found
    try:
        job_id = resolve_job_id(history, args.job_id)
    except UnknownJob as exc:
        raise SystemExit(f"{exc} (history of {history_date})") from None
    on = date.fromisoformat(args.date) if args.date else _today(load_settings().timezone)
    mark_job(store, args.profile, job_id, args.status, on, args.note or "")
    row = history.loc[history["job_id"] == job_id].iloc[0]
    alias = f" (via {args.job_id})" if job_id != args.job_id else ""
    print(f"{args.profile}: {job_id}{alias} {row['title']} at {row['company']} → {args.status} on {on}")
    return 0


def _cmd_state(args: argparse.Namespace) -> int:
    from jobintel_core.user_state import load_user_state

    state = load_user_state(_store(), args.profile)
    if not state.jobs:
        print(f"{args.profile}: no marked jobs")
    for job_id, entry in state.jobs.items():
        note = f"  {entry.notes}" if entry.notes else ""
        print(f"{job_id}  {entry.status.value:<12} {entry.date}{note}")
    return 0


def _cmd_replay(args: argparse.Namespace) -> int:
    from jobintel_dagster.definitions import defs
    from jobintel_dagster.replay import print_report, replay_date

    day = date.fromisoformat(args.date)
    lines = replay_date(defs, local_instance(), _store(), day, args.provider)
    print_report(day, lines)
    return 0 if all(line.equal for line in lines) else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jobintel", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="materialize a day (or a range of days) for every provider")
    run.add_argument("--date", help="partition date YYYY-MM-DD (default: today in JOBINTEL_TIMEZONE)")
    run.add_argument("--from", dest="from_date", help="first date of a range ending at --date, in order")
    run.add_argument("--provider", action="append", help="only this provider (repeatable)")
    run.add_argument("--verbose", action="store_true", help="show Dagster's step logs")
    run.set_defaults(handler=_cmd_run)

    from jobintel_core.user_state import JobStatus, check_profile_name

    def profile_name(value: str) -> str:
        try:
            return check_profile_name(value)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    mark = commands.add_parser("mark", help="record what you did about a job (per profile)")
    mark.add_argument("job_id", help="a job_id from job_history / the shortlist (duplicates' ids work too)")
    mark.add_argument("status", choices=[s.value for s in JobStatus])
    mark.add_argument("--profile", required=True, type=profile_name, help="profile name (lowercase slug)")
    mark.add_argument("--note", help="free text kept with the state")
    mark.add_argument("--date", help="date of the action (default: today)")
    mark.set_defaults(handler=_cmd_mark)

    state = commands.add_parser("state", help="list a profile's marked jobs")
    state.add_argument("--profile", required=True, type=profile_name)
    state.set_defaults(handler=_cmd_state)

    search = commands.add_parser("search", help="semantic search over the latest index")
    search.add_argument("query")
    search.add_argument("--profile", type=profile_name, help="also show this profile's score")
    search.add_argument("--date", help="index date (default: latest stored)")
    search.add_argument("-k", type=int, default=10, help="number of results (default 10)")
    search.set_defaults(handler=_cmd_search)

    replay = commands.add_parser("replay", help="rematerialize a past date from stored payloads and compare hashes")
    replay.add_argument("--date", required=True, help="the date to replay, YYYY-MM-DD")
    replay.add_argument("--provider", action="append", help="only this provider's partitions (repeatable)")
    replay.set_defaults(handler=_cmd_replay)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
