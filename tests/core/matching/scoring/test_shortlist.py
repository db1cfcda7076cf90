from datetime import date

import pandas as pd

from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.matching.profiles.user_state import StateEntry, UserState
from jobintel_core.matching.scoring.scorer import COMPONENTS
from jobintel_core.matching.scoring.shortlist import build_shortlist

DAY = date(2026, 11, 20)


def score_row(job_id: str, company: str, score: float) -> dict:
    return {
        "profile": "alex", "job_id": job_id, "score": score, "excluded": False, "excluded_term": None,
        "title": "Data Engineer", "company": company, "provider": "p", "url": f"https://x/{job_id}",
        "first_seen": DAY, "title_target": "Data Engineer", "title_similarity": 1.0, "must_found": 1,
        "must_total": 1, "must_missing": None, "nice_found": 1, "nice_total": 1, "cosine": 0.7,
        "semantic_z": 1.0, "job_level": None, "level_gap": None, "location_fit": "anywhere",
        "location_detail": "", "pay_yearly": None, "pay_currency": None, "salary_fit": "no_floor",
        "age_days": 1.0, **{f"points_{k}": 10.0 for k in COMPONENTS},
    }  # fmt: skip


def test_put_away_jobs_and_hidden_companies_leave_the_shortlist():
    scores = pd.DataFrame(
        [score_row("a", "Helio Labs", 90), score_row("b", "Northwind", 80), score_row("c", "Northwind", 70)]
    )
    profile = Profile(name="alex", titles=["Data Engineer"])
    state = UserState(
        profile="alex",
        jobs={"c": StateEntry(status="withdrawn", date=DAY)},
        hidden_companies=["helio labs"],
    )
    assert list(build_shortlist(scores, [profile], {}, DAY)["job_id"]) == ["a", "b", "c"]
    shortlist = build_shortlist(scores, [profile], {"alex": state}, DAY)
    assert list(shortlist["job_id"]) == ["b"] and list(shortlist["rank"]) == [1]
