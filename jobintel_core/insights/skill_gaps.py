"""Skill gaps: what the jobs that fit a profile best keep asking for that the profile does not name.

A skill is a gap when at least ``MIN_TOP_JOBS`` of the profile's top-scoring jobs of the week ask
for it and the profile neither has it (must-have, nice-to-have, summary, its scoring résumé's
skills) nor excludes it. Gaps are
weighted TF-IDF-style: how often the top jobs ask for it (tf, a share) times how specific it is
across the whole market that week (a smoothed idf), so "Python", asked everywhere, ranks below a
skill that marks these particular jobs. Each gap lists the jobs that ask for it.
"""

from __future__ import annotations

import math
from collections.abc import Collection

import pandas as pd
from pydantic import BaseModel

from jobintel_core.ingestion.reading.skills import Vocabulary, default_vocabulary
from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.matching.scoring.profile_rules import resolve_terms

MIN_TOP_JOBS = 2  # one job asking is an anecdote, not a gap
TOP_JOBS = 20  # the profile's best-scoring jobs of the week the gaps are read from
MAX_GAPS = 10
JOBS_PER_GAP = 5


class JobRef(BaseModel):
    job_id: str
    title: str
    company: str
    score: float


class SkillGap(BaseModel):
    skill: str
    weight: float
    top_jobs_asking: int
    top_share: float  # of the profile's top jobs
    market_share: float  # of every job listed that week
    jobs: list[JobRef]


def profile_skills(
    profile: Profile, resume_skills: Collection[str] = (), vocabulary: Vocabulary | None = None
) -> set[str]:
    """Canonical skills the profile names anywhere (must, nice, excluded, summary) or its scoring
    résumé lists (``Resume.skill_names``): a skill the person already shows is no gap."""
    vocabulary = vocabulary or default_vocabulary()
    terms = resolve_terms([*profile.must_have, *profile.nice_to_have, *profile.excluded], vocabulary)
    named = {skill for term in terms for skill in term.skills}
    listed = vocabulary.mentions("\n".join(resume_skills)).found
    return named | set(vocabulary.mentions(profile.summary or "").found) | set(listed)


def skill_gaps(
    top_jobs: pd.DataFrame,
    top_job_skills: pd.DataFrame,
    market_jobs_asking: dict[str, int],
    market_jobs: int,
    have: set[str],
) -> list[SkillGap]:
    """``top_jobs``: job_id, title, company, score (best first); ``top_job_skills``: job_id, skill of
    those jobs; ``market_jobs_asking``: skill → jobs listed that week asking for it, of ``market_jobs``."""
    if top_jobs.empty or top_job_skills.empty:
        return []
    n_top = len(top_jobs)
    asked = top_job_skills.drop_duplicates(["job_id", "skill"])
    asked = asked[~asked["skill"].isin(have)]
    jobs = top_jobs.set_index("job_id")
    gaps = []
    for skill, rows in asked.groupby("skill", sort=True):
        count = len(rows)
        if count < MIN_TOP_JOBS:
            continue
        df = market_jobs_asking.get(skill, count)
        idf = math.log((1 + market_jobs) / (1 + df)) + 1.0
        tf = count / n_top
        # Best first, ties by job id, with a stable sort: equal scores are common (the same posting
        # on two boards) and quicksort's order among them would change the report between runs.
        ids = (
            jobs.loc[sorted(rows["job_id"])]
            .sort_values("score", ascending=False, kind="stable")
            .head(JOBS_PER_GAP)
        )
        gaps.append(
            SkillGap(
                skill=skill,
                weight=round(tf * idf, 4),
                top_jobs_asking=count,
                top_share=round(tf, 4),
                market_share=round(df / market_jobs, 4) if market_jobs else 0.0,
                jobs=[
                    JobRef(
                        job_id=i, title=r["title"], company=r["company"], score=round(float(r["score"]), 2)
                    )
                    for i, r in ids.iterrows()
                ],
            )
        )
    gaps.sort(key=lambda g: (-g.weight, g.skill))
    return gaps[:MAX_GAPS]
