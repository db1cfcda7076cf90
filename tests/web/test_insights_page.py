"""The insights page reads the report and charts the insights assets store: written here with the
same core models and chart functions the assets use (building them needs the warehouse)."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from jobintel_core.insights import charts
from jobintel_core.insights.market import MarketWeek
from jobintel_core.insights.profile_week import FunnelWeek, ProfileWeek, WeekMatches
from jobintel_core.insights.report import InsightsReport
from jobintel_core.insights.skill_gaps import SkillGap
from jobintel_core.storage.keys import insights_key
from jobintel_core.web.app import create_app
from tests.web.conftest import make_site

WEEK = date(2026, 11, 16)
STEPS = {"shown": 20, "rated": 5, "applied": 2, "screen": 1, "interview": 1, "offer": 0}
FUNNEL = {
    **STEPS,
    **{f"{step}_to_date": n for step, n in STEPS.items()},
    "rated_per_shown": 0.25,
    "applied_per_shown": 0.1,
    "screen_per_applied": 0.5,
    "interview_per_screen": 1.0,
    "offer_per_interview": 0.0,
}


@pytest.fixture(scope="module")
def site(web_day, tmp_path_factory):
    return make_site(web_day, tmp_path_factory.mktemp("insights"))


def store_report(store, week: date) -> None:
    """What ``profile_insights`` and ``market_insights`` put in storage for alex."""
    profile = ProfileWeek(
        profile="alex",
        week=week,
        jobs_scored=42,
        matches=7,
        matches_last_week=3,
        best_score=88.0,
        p90_score=71.0,
        sources=[],
        history=[WeekMatches(week=week, jobs_scored=42, matches=7)],
        skill_gaps=[],
        funnel=[FunnelWeek(week=week, **FUNNEL)],
        feedback_jobs=3,
        feedback_gaps=[
            SkillGap(skill="Kafka", weight=1.2, top_jobs_asking=2, top_share=0.67, market_share=0.1, jobs=[])
        ],
    )
    empty: dict[str, list] = {k: [] for k in ("velocity", "families", "top_skills", "rising_skills")}
    market = MarketWeek(
        week=week,
        first_week=True,
        listed_jobs=42,
        **empty,
        falling_skills=[],
        pay_bands=[],
        remote=[],
        time_to_close=[],
    )
    report = InsightsReport(week=week, profile=profile, market=market, narrative_note="not used: AI off")
    store.put(insights_key(week, "velocity.png"), charts.velocity_chart(market))
    store.put(insights_key(week, "skills.png"), charts.skills_chart(market))
    store.put(insights_key(week, "matches.png", "alex"), charts.matches_chart(profile))
    store.put(insights_key(week, "skill_gaps.png", "alex"), charts.gaps_chart(profile))
    store.put(insights_key(week, "funnel.png", "alex"), charts.funnel_chart(profile))
    store.put(insights_key(week, "report.json", "alex"), report.to_json())


def test_without_a_report_the_page_says_how_to_build_one(site):
    page = TestClient(create_app(site.config)).get("/p/sam/insights")
    assert page.status_code == 200 and "jobintel insights --profile sam" in page.text


def test_the_latest_report_and_its_charts_are_shown(site):
    client = TestClient(create_app(site.config))
    store_report(site.store, date(2026, 11, 9))  # an older week too: the newest is shown
    store_report(site.store, WEEK)
    page = client.get("/p/alex/insights").text
    assert "Week of 2026-11-16" in page and "Shortlisted: 7 (last week 3)" in page
    assert "jobintel insights --profile" not in page
    assert "Skill gaps from your feedback" in page and "<td>Kafka</td>" in page and "(3 jobs)" in page
    assert '<table class="funnel">' in page and "<td>2026-11-16</td><td>20</td><td>5</td>" in page
    for chart in ("matches.png", "skill_gaps.png", "funnel.png", "velocity.png", "skills.png"):
        src = f"/p/alex/insights/2026-11-16/{chart}"
        assert f'src="{src}"' in page
        image = client.get(src)
        assert image.status_code == 200 and image.headers["content-type"] == "image/png"
        assert image.content.startswith(b"\x89PNG")
    assert client.get("/p/alex/insights/2026-11-16/report.json").status_code == 422  # charts only
    assert client.get("/p/alex/insights/2026-11-23/matches.png").status_code == 404
    assert client.get("/p/nobody/insights").status_code == 404
