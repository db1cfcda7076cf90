"""A profile's week, read from the warehouse: matches this week and last, where they come from, the
score distribution, the weeks before, and the skill gaps."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pandas as pd
from pydantic import BaseModel

from jobintel_core.insights.market import MARTS, plain_records
from jobintel_core.insights.skill_gaps import TOP_JOBS, SkillGap, profile_skills, skill_gaps
from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.warehouse.engines import Warehouse

HISTORY_WEEKS = 8


class MatchSource(BaseModel):
    company: str
    role_family: str
    matches: int
    best_score: float


class WeekMatches(BaseModel):
    week: date
    jobs_scored: int
    matches: int


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


def _rounded(row: dict[str, Any] | None, column: str) -> float | None:
    return round(float(row[column]), 2) if row and pd.notna(row[column]) else None


def read_profile_week(warehouse: Warehouse, profile: Profile, week: date) -> ProfileWeek:
    q = warehouse.query
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
    gaps = skill_gaps(
        top,
        top_skills,
        {s: int(j) for s, j in zip(market["skill"], market["jobs"], strict=True)},
        listed,
        profile_skills(profile),
    )
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
    )
