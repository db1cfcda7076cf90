"""The blended shortlist and the impressions log: a profile without labels keeps the rule score's
shortlist exactly; exploration never shows a job a hard rule blocks, over many days' seeds."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from jobintel_core.feedback.blend import (
    BATCH_SIZE,
    BATCH_SURFACE,
    BLENDED_SHORTLIST_SCHEMA,
    SHORTLIST_SURFACE,
    blended_shortlist,
    impressions_table,
    reranked_scores,
)
from jobintel_core.feedback.learner import FEATURE_NAMES, Label, feature_frame, fit_preferences
from jobintel_core.feedback.rerank import batch_plan, todays_batch
from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.matching.profiles.user_state import StateEntry, UserState
from jobintel_core.matching.scoring.scorer import COMPONENTS
from jobintel_core.matching.scoring.shortlist import SHORTLIST_SCHEMA, build_shortlist

DAY = date(2026, 11, 20)
SEEDS = 100
COMPANIES = ["Helio Labs", "Northwind", "Quanta Robotics", "Tidal Energy", "Lumen AI", "Bluefin Health"]
TITLES = ["Data Engineer", "Machine Learning Engineer", "Data Platform Engineer", "Analytics Engineer"]


def scores_for(profile: str, n: int = 80, seed: int = 7) -> pd.DataFrame:
    """``job_scores`` rows of one profile in ``score_jobs``' order (score descending), varied enough
    for the learner to have something to say."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        points = {f"points_{k}": float(rng.uniform(0, 12)) for k in COMPONENTS}
        points["points_location"] = -float(rng.choice([0, 0, 5]))
        rows.append(
            {
                "profile": profile, "job_id": f"job{i:03d}", "excluded": False, "excluded_term": None,
                "title": TITLES[i % len(TITLES)], "company": COMPANIES[i % len(COMPANIES)], "provider": "p",
                "url": f"https://x/{i}", "posted_at": pd.Timestamp("2026-11-01", tz="UTC"), "first_seen": DAY,
                "title_target": "Data Engineer", "title_similarity": 0.9, "must_found": 1, "must_total": 2,
                "must_missing": ["", "dbt", "spark, airflow"][i % 3], "nice_found": 1, "nice_total": 1,
                "cosine": 0.6, "semantic_z": float(rng.normal()), "job_level": ["senior", None][i % 2],
                "level_gap": 0, "location_fit": ["remote_ok", "site", "elsewhere"][i % 3],
                "location_detail": "", "pay_yearly": [None, 90000.0, 140000.0][i % 3],
                "pay_currency": [None, "EUR", "EUR"][i % 3], "salary_fit": ["unknown", "meets", "meets"][i % 3],
                "age_days": float(i % 9), **points,
            }
        )  # fmt: skip
    frame = pd.DataFrame(rows)
    frame["score"] = frame[[f"points_{k}" for k in COMPONENTS]].sum(axis=1).clip(0, 100).round(2)
    # Excluded jobs score 0 in job_scores; a high rule score is given here on purpose: nothing may show them.
    frame.loc[frame.index % 11 == 3, ["excluded", "excluded_term"]] = [True, "crypto"]
    return frame.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


def model_for(profile: str, scores: pd.DataFrame, liked: str, disliked: str):
    """A model fit on stars: every job of ``liked`` ★★★★★, every one of ``disliked`` ★."""
    labels = [
        Label(job_id=row.job_id, reward=1.0 if row.company == liked else -1.0, on=DAY - timedelta(days=1))
        for row in scores.itertuples()
        if row.company in (liked, disliked) and not row.excluded
    ]
    return fit_preferences(profile, feature_frame(scores), labels, DAY - timedelta(days=1))


@pytest.fixture
def profiles():
    return [
        Profile(name="alex", titles=["Data Engineer"], shortlist={"min_score": 20, "top_n": 15}),
        Profile(name="sam", titles=["Machine Learning Engineer"], shortlist={"min_score": 20, "top_n": 15}),
    ]


def test_a_profile_without_labels_keeps_todays_order_and_scores(profiles):
    scores = pd.concat([scores_for("alex"), scores_for("sam", seed=8)], ignore_index=True)
    states = {"sam": UserState(profile="sam", jobs={"job005": StateEntry(status="ignored", date=DAY)})}
    models = {"alex": model_for("alex", scores[scores.profile == "alex"], "Northwind", "Helio Labs")}
    models["sam"] = fit_preferences("sam", feature_frame(scores.iloc[:0]), [], DAY)  # no labels at all
    reranked = reranked_scores(scores, profiles, states, models, DAY)
    blended = blended_shortlist(reranked, profiles, states, DAY)
    assert list(blended.columns) == BLENDED_SHORTLIST_SCHEMA.names
    today = build_shortlist(scores, profiles, states, DAY)
    sam, sam_today = blended[blended.profile == "sam"], today[today.profile == "sam"]
    pd.testing.assert_frame_equal(
        sam[SHORTLIST_SCHEMA.names].reset_index(drop=True), sam_today.reset_index(drop=True)
    )
    assert (sam["rule_score"] == sam["score"]).all() and (sam["preference_points"] == 0).all()
    assert not sam["explore"].any() and (sam["preference_reasons"] == "").all()
    # alex has labels: the same candidates, reordered toward what alex liked, one explored
    alex = blended[blended.profile == "alex"]
    assert list(alex["job_id"]) != list(today.loc[today.profile == "alex", "job_id"])
    assert alex["explore"].sum() == 1 and (alex["preference_points"] != 0).any()
    assert (alex["score"] - alex["rule_score"]).abs().max() <= 10.0 + 1e-9


def test_hard_rules_hold_under_exploration_over_many_seeds(profiles):
    """Over 100 days (100 exploration seeds per profile): no excluded job, no job of a hidden
    company, no ignored / rejected / withdrawn job is ever shown, on the shortlist or in the batch."""
    scores = pd.concat([scores_for("alex"), scores_for("sam", seed=8)], ignore_index=True)
    put_away = {"job001": "ignored", "job002": "rejected", "job004": "withdrawn", "job013": "ignored"}
    states = {
        name: UserState(
            profile=name,
            jobs={j: StateEntry(status=s, date=DAY) for j, s in put_away.items()},
            hidden_companies=["quanta robotics"],
        )
        for name in ("alex", "sam")
    }
    models = {
        "alex": model_for("alex", scores[scores.profile == "alex"], "Quanta Robotics", "Northwind"),
        "sam": model_for("sam", scores[scores.profile == "sam"], "Lumen AI", "Tidal Energy"),
    }
    excluded = set(scores.loc[scores.excluded, "job_id"])
    hidden_company = set(scores.loc[scores.company == "Quanta Robotics", "job_id"])
    forbidden = excluded | hidden_company | set(put_away)
    explored: set[str] = set()
    for offset in range(SEEDS):
        day = DAY + timedelta(days=offset)
        reranked = reranked_scores(scores, profiles, states, models, day)
        shortlist = blended_shortlist(reranked, profiles, states, day)
        assert not forbidden & set(shortlist["job_id"]), day
        for name, frame in reranked.items():
            batch = todays_batch(
                frame, batch_plan(frame, states[name], BATCH_SIZE, day=day, rated={"job000"})
            )
            assert not (forbidden | {"job000"}) & set(batch["job_id"]), day
            explored |= set(batch.loc[batch.explore, "job_id"])
        explored |= set(shortlist.loc[shortlist.explore, "job_id"])
    # the log of such a day holds no blocked job either, not even as a candidate it did not show
    impressions = impressions_table(reranked, shortlist, profiles, states, {}, day)
    assert not forbidden & set(impressions["job_id"])
    assert len(explored) > 10  # the seeds do vary what is explored


def test_the_impressions_log_what_was_shown_with_features_and_propensities(profiles):
    scores = pd.concat([scores_for("alex"), scores_for("sam", seed=8)], ignore_index=True)
    models = {"alex": model_for("alex", scores[scores.profile == "alex"], "Northwind", "Helio Labs")}
    reranked = reranked_scores(scores, profiles, {}, models, DAY)
    shortlist = blended_shortlist(reranked, profiles, {}, DAY)
    impressions = impressions_table(reranked, shortlist, profiles, {}, {}, DAY)
    alex = impressions[(impressions.profile == "alex") & (impressions.surface == SHORTLIST_SURFACE)]
    on_list = shortlist[shortlist.profile == "alex"]
    assert list(alex.loc[alex["rank"].notna(), "job_id"]) == list(on_list["job_id"])
    assert alex["rank"].notna().sum() == 15 and alex["rank"].isna().sum() > 0  # candidates not shown too
    shown = alex[alex["rank"].notna()]
    assert (
        all(len(f) == len(FEATURE_NAMES) for f in shown["features"])
        and alex.loc[alex["rank"].isna(), "features"].isna().all()
    )
    assert shown["propensity"].between(0, 1).all() and (shown["propensity"] > 0).sum() >= 10
    batches = impressions[impressions.surface == BATCH_SURFACE]
    assert batches.groupby("profile").size().to_dict() == {"alex": 5, "sam": 5}
    assert batches.groupby("profile")["explore"].sum().to_dict() == {"alex": 1, "sam": 1}
    hid = {"alex": UserState(profile="alex", hidden_companies=["Northwind"])}  # changed since the shortlist
    rebuilt = reranked_scores(scores, profiles, hid, models, DAY)
    with pytest.raises(
        ValueError, match=r"alex's shortlist of 2026-11-20 shows jobs that are not candidates"
    ):
        impressions_table(rebuilt, shortlist, profiles, hid, {}, DAY)
