"""A profile's week, read from the warehouse: matches this week and last, where they come from, the
score distribution, the weeks before, the skill gaps (the market's, and the feedback's: what the jobs
the user rated highly or was rejected from ask for), and the funnel from shown to offer."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta
from typing import Any

import pandas as pd
from pydantic import BaseModel

from jobintel_core.insights.market import MARTS, plain_records
from jobintel_core.insights.skill_gaps import TOP_JOBS, SkillGap, profile_skills, skill_gaps
from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.warehouse.engines import Warehouse

HISTORY_WEEKS = 8
LIKED_STARS = 4  # a rating this high (the job's latest) says "I want jobs like this"


class MatchSource(BaseModel):
    company: str
    role_family: str
    matches: int
    best_score: float


class WeekMatches(BaseModel):
    week: date
    jobs_scored: int
    matches: int


# The jobs the user liked up to ``:end`` (latest rating ★★★★ or more, or applied to and rejected),
# each as the history and its scores last held it.
_LIKED = f"""
    with latest_rating as (
        select job_id, stars,
               row_number() over (partition by job_id order by rated_on desc, seq desc) as newest_first
        from {MARTS}.stg_ratings where profile = :profile and rated_on <= :end
    ),
    liked as (
        select job_id from latest_rating where newest_first = 1 and stars >= {LIKED_STARS}
        union
        select job_id from {MARTS}.stg_outcomes
        where profile = :profile and stage = 'rejected' and happened_on <= :end
    ),
    described as (
        select job_id, title, company,
               row_number() over (partition by job_id order by snapshot_date desc) as newest_first
        from {MARTS}.stg_job_history where job_id in (select job_id from liked)
    ),
    scored as (
        select job_id, score,
               row_number() over (partition by job_id order by scored_on desc) as newest_first
        from {MARTS}.stg_job_scores where profile = :profile and job_id in (select job_id from liked)
    )"""


class FunnelWeek(BaseModel):
    """One week of the funnel (``profile_conversion``): each step that week and the rates to date."""

    week: date
    shown: int
    rated: int
    applied: int
    screen: int
    interview: int
    offer: int
    shown_to_date: int
    rated_to_date: int
    applied_to_date: int
    screen_to_date: int
    interview_to_date: int
    offer_to_date: int
    rated_per_shown: float | None
    applied_per_shown: float | None
    screen_per_applied: float | None
    interview_per_screen: float | None
    offer_per_interview: float | None


class ProfileWeek(BaseModel):
    profile: str
    week: date
    jobs_scored: int
    matches: int
    matches_last_week: int | None  # None: no scores that week
    best_score: float | None
    p90_score: float | None
    sources: list[MatchSource]
    history: list[WeekMatches]  # this week and up to 7 before, oldest first
    skill_gaps: list[SkillGap]
    # From the user's feedback up to the week's end (reports before it have none)
    funnel: list[FunnelWeek] = []  # the weeks with feedback of this and the 7 before, oldest first
    feedback_jobs: int = 0  # jobs rated ★★★★ or more, or applied to and rejected
    feedback_gaps: list[SkillGap] = []


def _rounded(row: dict[str, Any] | None, column: str) -> float | None:
    return round(float(row[column]), 2) if row and pd.notna(row[column]) else None


def read_profile_week(
    warehouse: Warehouse, profile: Profile, week: date, resume_skills: Collection[str] = ()
) -> ProfileWeek:
    """The profile's week from the warehouse; ``resume_skills``, its scoring résumé's skills, are
    no gaps (``skill_gaps.profile_skills``)."""
    q = warehouse.query
    have = profile_skills(profile, resume_skills)
    first = week - timedelta(weeks=HISTORY_WEEKS - 1)
    weekly = q(
        f"select week_start, jobs_scored, matches, best_score, p90_score from {MARTS}.profile_scores_weekly "
        "where profile = :profile and week_start between :first and :week order by week_start",
        profile=profile.name,
        first=first,
        week=week,
    )
    weekly["week"] = weekly["week_start"].map(lambda d: d.date() if hasattr(d, "date") else d)
    by_week = {row["week"]: row for row in weekly.to_dict("records")}
    this, last = by_week.get(week), by_week.get(week - timedelta(weeks=1))
    sources = q(
        f"select company, role_family, matches, best_score from {MARTS}.profile_matches "
        "where profile = :profile and week_start = :week order by matches desc, best_score desc, company, "
        "role_family",
        profile=profile.name,
        week=week,
    )
    # The profile's best jobs of the week (each job's latest score), and the skills they ask for.
    top = q(
        f"""
        with latest as (
            select job_id, provider, title, company, score, excluded,
                   row_number() over (partition by job_id order by scored_on desc) as newest_first
            from {MARTS}.stg_job_scores where profile = :profile and week_start = :week
        )
        select job_id, provider, title, company, score from latest
        where newest_first = 1 and not excluded and score > 0
        order by score desc, job_id limit {TOP_JOBS}""",
        profile=profile.name,
        week=week,
    )
    top_skills = q(
        f"""
        select distinct s.job_id, s.skill from {MARTS}.stg_job_skills as s
        where s.week_start = :week and s.job_id in (
            select job_id from {MARTS}.stg_job_scores
            where profile = :profile and week_start = :week and not excluded and score > 0)""",
        profile=profile.name,
        week=week,
    )
    top_skills = top_skills[top_skills["job_id"].isin(set(top["job_id"]))]
    market = q(
        f"select skill, jobs, listed_jobs from {MARTS}.skill_trends where week_start = :week", week=week
    )
    listed = int(market["listed_jobs"].max()) if len(market) else 0
    asking = {s: int(j) for s, j in zip(market["skill"], market["jobs"], strict=True)}
    gaps = skill_gaps(top, top_skills, asking, listed, have)
    funnel, feedback_jobs, feedback_gaps = _feedback(warehouse, profile, week, asking, listed, have)
    return ProfileWeek(
        profile=profile.name,
        week=week,
        jobs_scored=int(this["jobs_scored"]) if this else 0,
        matches=int(this["matches"]) if this else 0,
        matches_last_week=int(last["matches"]) if last else None,
        best_score=_rounded(this, "best_score"),
        p90_score=_rounded(this, "p90_score"),
        sources=[MatchSource.model_validate(row) for row in plain_records(sources)],
        history=[
            WeekMatches(week=w, jobs_scored=int(r["jobs_scored"]), matches=int(r["matches"]))
            for w, r in sorted(by_week.items())
        ],
        skill_gaps=gaps,
        funnel=funnel,
        feedback_jobs=feedback_jobs,
        feedback_gaps=feedback_gaps,
    )


def _feedback(
    warehouse: Warehouse, profile: Profile, week: date, asking: dict[str, int], listed: int, have: set[str]
) -> tuple[list[FunnelWeek], int, list[SkillGap]]:
    """The funnel's weeks, and the skill gaps of the jobs the user liked (latest rating ★★★★ or more)
    or applied to and was rejected from, up to the week's end: ranked as the market's gaps are."""
    q, end = warehouse.query, week + timedelta(days=6)
    funnel = q(
        f"select * from {MARTS}.profile_conversion where profile = :profile "
        "and week_start between :first and :week order by week_start",
        profile=profile.name,
        first=week - timedelta(weeks=HISTORY_WEEKS - 1),
        week=week,
    )
    weeks = [FunnelWeek.model_validate({**row, "week": row["week_start"]}) for row in plain_records(funnel)]
    liked = q(
        f"""{_LIKED}
        select d.job_id, d.title, d.company, coalesce(s.score, 0) as score
        from described as d left join scored as s on d.job_id = s.job_id and s.newest_first = 1
        where d.newest_first = 1
        order by score desc, d.job_id""",
        profile=profile.name,
        end=end,
    )
    asked = q(
        f"""{_LIKED}
        select distinct k.job_id, k.skill from {MARTS}.stg_job_skills as k
        where k.seen_on <= :end and k.job_id in (select job_id from liked)""",
        profile=profile.name,
        end=end,
    )
    return weeks, len(liked), skill_gaps(liked, asked, asking, listed, have)
