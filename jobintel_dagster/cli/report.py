"""What ``jobintel run`` prints: the per-provider table, the day's changes, the top matches, where data is."""

from datetime import date

from jobintel_core.storage.objects import ObjectStore
from jobintel_core.storage.urls import parse_storage_url
from jobintel_dagster.cli.common import stored_table
from jobintel_dagster.runs.day import DayOutcome
from jobintel_dagster.runs.warehouse import BuildOutcome


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
            print(f"{o.provider} failed: {o.error} [run {o.run_id}]")
    if outcome.history_ok:
        summary = ", ".join(f"{v} {k}" for k, v in outcome.changes.items())
        print(f"history:  {outcome.open_jobs} open jobs; changes today: {summary}")
    elif outcome.history_error:
        print(f"history failed: {outcome.history_error} [run {outcome.history_run_id}]")
    if not outcome.ok and not outcome.interrupted:
        print("Full logs: make ui → Runs → the run id above, or rerun with --verbose.")


def print_build(build: BuildOutcome, warehouse: str) -> None:
    if build.ok:
        print(f"warehouse: dbt build {build.models} models, {build.checks_passed} tests passed ({warehouse})")
    else:
        print(
            f"warehouse: dbt build failed: {build.error} ({build.checks_failed} tests failed) [run {build.run_id}]"
        )


def print_top(store: ObjectStore, day: date, limit: int = 10) -> None:
    _, shortlist = stored_table(store, "shortlist", day)
    for profile, rows in shortlist.groupby("profile", sort=True):
        print(f"\nTop {min(limit, len(rows))} for {profile} ({day}):")
        for row in rows.head(limit).to_dict("records"):
            flags = " ".join(f for f in ("NEW" if row["is_new"] else "", row["user_status"] or "") if f)
            print(
                f"  {row['rank']:>2}. {row['score']:5.1f}  {row['title']} — {row['company']}  {flags}".rstrip()
            )
            print(f"      {row['url']}")
    if shortlist.empty:
        print("\nNo job reached any profile's min_score today.")


def print_locations(last: date, storage_url: str, home: str, warehouse: str = "") -> None:
    kind, location, prefix = parse_storage_url(storage_url)
    root = f"s3://{location}/{prefix}".rstrip("/") if kind == "s3" else str(location)
    day = last.isoformat()
    print(f"\nData:      {root}/jobs/{day}/<provider>.parquet   (raw payloads: {root}/raw_postings/)")
    print(f"           {root}/job_history/{day}.parquet, {root}/job_changes/{day}.parquet")
    print(
        f"Shortlist: {root}/shortlist/{day}.parquet (scores with explanations: {root}/job_scores/{day}.parquet)"
    )
    if warehouse:
        print(f"Warehouse: {warehouse} (marts in schema `analytics`; see docs/warehouse.md)")
        print("Insights:  jobintel insights --profile <name>   (the week's report, Markdown + charts)")
    print(f"Instance:  {home} (runs, materializations and their metadata)")
    print("Inspect:   make ui  → http://127.0.0.1:3000/assets")
    print(
        f"           python -c \"import pandas as pd; print(pd.read_parquet('{root}/job_changes/{day}.parquet'))\""
    )
