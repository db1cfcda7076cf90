"""The funnel in the warehouse: ratings and tracker moves made between two days of two boards, loaded
from the ``ratings`` / ``outcomes`` exports by the daily rollup, built by dbt on DuckDB and PostgreSQL
(equal, row for row), with counts a person can check against the events made here."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from dagster import DagsterInstance

from jobintel_core.config.warehouse_location import WarehouseLocation
from jobintel_core.feedback.events import Outcome, Rating, record_outcome, record_rating
from jobintel_core.insights.report import InsightsReport
from jobintel_core.insights.skill_gaps import profile_skills
from jobintel_core.matching.profiles.profile import load_profile
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.storage.tables import latest_daily_table
from jobintel_core.warehouse.engines import open_warehouse
from jobintel_dagster.code_location import build_definitions, build_warehouse_definitions
from jobintel_dagster.insights.automation import WEEKLY_INSIGHTS_JOB
from jobintel_dagster.runs.day import run_day
from jobintel_dagster.runs.execute import execute_job
from jobintel_dagster.runs.warehouse import build_warehouse
from jobintel_dagster.warehouse.automation import DAILY_ROLLUP_JOB
from jobintel_dagster.warehouse.keys import LOADER_KEYS
from tests.conftest import REPO_ROOT, make_workspace
from tests.support.warehouse import table_rows

FIRST, NEXT = date(2026, 11, 19), date(2026, 11, 20)
WEEK = "2026-11-16"
FUNNEL = ("feedback_funnel", "profile_conversion")


@pytest.fixture(scope="module")
def funnel_days(tmp_path_factory):
    """Two days of two boards; between them alex rates six of its best-scored jobs (one twice; five of them
    ★★★★ or more in the end) and moves two in the tracker: one to an offer, one to a rejection."""
    root = tmp_path_factory.mktemp("funnel")
    shutil.copytree(REPO_ROOT / "config" / "profiles", root / "profiles")
    ws = make_workspace(root, providers=["northwind", "helio-labs"], profiles_dir=root / "profiles")
    defs, instance = ws.definitions(), DagsterInstance.ephemeral()
    assert run_day(defs, instance, FIRST, log_level="ERROR").ok
    store = LocalObjectStore(ws.settings.storage_url)
    _, scores = latest_daily_table(store, "job_scores")  # rated from the list, a job page or search
    mine = scores[(scores["profile"] == "alex") & ~scores["excluded"]].sort_values("score", ascending=False)
    jobs = list(mine["job_id"][:6])
    for job_id, stars in zip(jobs, (5, 4, 1, 5, 5, 4), strict=True):
        record_rating(store, Rating(profile="alex", job_id=job_id, stars=stars, on=FIRST))
    record_rating(store, Rating(profile="alex", job_id=jobs[0], stars=4, comment="still keen", on=FIRST))
    for job_id, stages in (
        (jobs[0], ("applied", "screen", "interviewing", "offer")),
        (jobs[1], ("applied", "rejected")),
    ):
        for stage in stages:
            record_outcome(store, Outcome(profile="alex", job_id=job_id, stage=stage, on=FIRST))
    assert run_day(defs, instance, NEXT, log_level="ERROR").ok
    # A backfill of the first day exports the events again, as of that day: every one is dated then.
    again = ["ratings", "outcomes", "warehouse/raw/ratings", "warehouse/raw/outcomes"]
    assert execute_job(
        defs, DAILY_ROLLUP_JOB, FIRST.isoformat(), instance, trigger="test", assets=again
    ).success
    built = build_warehouse(ws.warehouse_definitions(), instance, "ERROR", verbose=False)
    assert built.ok and built.checks_failed == 0, built
    return ws, instance


def test_the_funnel_counts_each_job_once_per_step(funnel_days):
    ws, _ = funnel_days
    with open_warehouse(ws.settings.warehouse_location, read_only=True) as wh:
        # two exports holding the same 7 ratings (each holds every event to its date): staging reads one
        assert len(wh.query("select * from raw.ratings")) == 14
        assert len(wh.query("select * from analytics.stg_ratings")) == 7
        weekly = wh.query(
            "select sum(shown) as shown, sum(rated) as rated, sum(applied) as applied, sum(screen) as screen, "
            "sum(interview) as interview, sum(offer) as offer from analytics.feedback_funnel "
            "where profile = 'alex' and week_start = :week",
            week=WEEK,
        ).to_dict("records")[0]
        shown = wh.query("select count(distinct job_id) as n from raw.shortlist where profile = 'alex'")["n"][
            0
        ]
        assert {k: int(v) for k, v in weekly.items()} == {
            "shown": shown,
            "rated": 6,
            "applied": 2,  # the rejection was an application
            "screen": 1,
            "interview": 1,
            "offer": 1,
        }
        [conversion] = wh.query("select * from analytics.profile_conversion where profile = 'alex'").to_dict(
            "records"
        )
        assert conversion["applied_per_shown"] == pytest.approx(2 / shown)
        assert conversion["screen_per_applied"] == pytest.approx(0.5)
        assert conversion["offer_per_interview"] == pytest.approx(1.0)
        sam = wh.query("select * from analytics.profile_conversion where profile = 'sam'").to_dict("records")
        assert sam and sam[0]["rated"] == 0 and pd.isna(sam[0]["screen_per_applied"])  # nothing applied


def test_postgres_builds_the_same_funnel(funnel_days, postgres_db):
    ws, instance = funnel_days
    url = f"postgresql://{postgres_db.user}@{postgres_db.host}:{postgres_db.port}/{postgres_db.db_name}"
    settings = ws.settings.model_copy(update={"warehouse_url": url})
    defs = build_definitions(settings, ws.registry())
    loaders = [k.to_user_string() for k in LOADER_KEYS]
    for day in (FIRST, NEXT):
        assert execute_job(
            defs, DAILY_ROLLUP_JOB, day.isoformat(), instance, trigger="test", assets=loaders
        ).success
    outcome = build_warehouse(
        build_warehouse_definitions(settings, ws.registry()), instance, "ERROR", verbose=False
    )
    assert outcome.ok and outcome.checks_failed == 0, outcome
    pg = open_warehouse(WarehouseLocation.parse(url))
    with open_warehouse(ws.settings.warehouse_location, read_only=True) as local:
        for mart in FUNNEL:
            a, b = table_rows(local, f"analytics.{mart}"), table_rows(pg, f"analytics.{mart}")
            assert len(a) > 0 and a.equals(b), mart
    pg.close()


def test_the_weekly_report_charts_the_funnel_and_the_skill_gaps_from_feedback(funnel_days):
    ws, instance = funnel_days
    assert execute_job(
        ws.warehouse_definitions(), WEEKLY_INSIGHTS_JOB, WEEK, instance, trigger="test"
    ).success
    folder = Path(ws.settings.storage_url) / "insights" / WEEK / "alex"
    report = InsightsReport.model_validate_json((folder / "report.json").read_bytes())
    p = report.profile
    [week] = p.funnel
    assert (week.rated, week.applied, week.offer, week.offer_to_date) == (6, 2, 1, 1)
    assert p.feedback_jobs == 5  # rated ★★★★ or more in the end, or applied to and rejected
    have = profile_skills(load_profile(Path(ws.settings.profiles_dir) / "alex.yaml"))
    assert p.feedback_gaps and not {g.skill for g in p.feedback_gaps} & have
    assert all(g.top_jobs_asking >= 2 and len(g.jobs) == g.top_jobs_asking for g in p.feedback_gaps[:1])
    markdown = (folder / "report.md").read_text()
    assert "### Skill gaps from your feedback" in markdown and f"| {p.feedback_gaps[0].skill} |" in markdown
    assert "![From shown to offer](funnel.png)" in markdown and "offer / interview 100%" in markdown
    assert (folder / "funnel.png").read_bytes().startswith(b"\x89PNG")
