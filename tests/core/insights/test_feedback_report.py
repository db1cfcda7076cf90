"""The weekly report's feedback parts: the funnel chart (the same bytes for the same weeks) and the
Markdown's funnel and skill gaps from feedback, beside the market's."""

from datetime import date

from jobintel_core.insights import charts
from jobintel_core.insights.market import MarketWeek
from jobintel_core.insights.profile_week import FunnelWeek, ProfileWeek
from jobintel_core.insights.report import InsightsReport, to_markdown
from jobintel_core.insights.skill_gaps import JobRef, SkillGap

WEEK = date(2026, 11, 16)
STEPS = {"shown": 20, "rated": 6, "applied": 2, "screen": 1, "interview": 1, "offer": 1}


def profile_week(funnel: bool) -> ProfileWeek:
    weeks = [
        FunnelWeek(
            week=WEEK,
            **STEPS,
            **{f"{s}_to_date": n for s, n in STEPS.items()},
            rated_per_shown=0.3,
            applied_per_shown=0.1,
            screen_per_applied=0.5,
            interview_per_screen=1.0,
            offer_per_interview=1.0,
        )
    ]
    gap = SkillGap(
        skill="Kafka",
        weight=1.5,
        top_jobs_asking=3,
        top_share=0.6,
        market_share=0.12,
        jobs=[JobRef(job_id="a", title="Data Engineer", company="Helio", score=80.0)],
    )
    return ProfileWeek(
        profile="alex",
        week=WEEK,
        jobs_scored=10,
        matches=3,
        matches_last_week=None,
        best_score=90.0,
        p90_score=80.0,
        sources=[],
        history=[],
        skill_gaps=[],
        funnel=weeks if funnel else [],
        feedback_jobs=5 if funnel else 0,
        feedback_gaps=[gap] if funnel else [],
    )


def report(funnel: bool) -> InsightsReport:
    empty: dict[str, list] = {
        k: []
        for k in (
            "velocity",
            "families",
            "top_skills",
            "rising_skills",
            "falling_skills",
            "pay_bands",
            "remote",
        )
    }
    market = MarketWeek(week=WEEK, first_week=False, listed_jobs=50, time_to_close=[], **empty)
    return InsightsReport(week=WEEK, profile=profile_week(funnel), market=market)


def test_the_funnel_chart_is_the_same_bytes_for_the_same_weeks():
    first = charts.funnel_chart(profile_week(funnel=True))
    assert first.startswith(b"\x89PNG") and charts.funnel_chart(profile_week(funnel=True)) == first
    assert charts.funnel_chart(profile_week(funnel=False)) != first  # the "no feedback yet" chart


def test_the_markdown_shows_the_funnel_and_the_skill_gaps_from_feedback():
    markdown = to_markdown(report(funnel=True))
    gaps = markdown[markdown.index("### Skill gaps from your feedback") : markdown.index("## Your funnel")]
    assert (
        "the 5 jobs you rated ★★★★ or more" in gaps
        and "| Kafka | 1.5 | 3 | 12% | Data Engineer (Helio) |" in gaps
    )
    funnel = markdown[markdown.index("## Your funnel") : markdown.index("## The market")]
    assert (
        "![From shown to offer](funnel.png)" in funnel and "| 2026-11-16 | 20 | 6 | 2 | 1 | 1 | 1 |" in funnel
    )
    assert "screen / applied 50%" in funnel and "offer / interview 100%" in funnel
    nothing = to_markdown(report(funnel=False))
    assert "_none this week_" in nothing[nothing.index("## Your funnel") :]
