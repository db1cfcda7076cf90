"""The blend and exploration: no labels is today's order; points are bounded; the same day and
profile give the same draw; no draw ever shows an excluded, blocked or hidden job."""

from datetime import timedelta

import numpy as np
import pandas as pd
import pytest

from jobintel_core.feedback.learner import Hyper, Label, feature_frame, feature_matrix, fit_preferences
from jobintel_core.feedback.rerank import EXPLORE_TOP, POOL, batch_plan, rerank, todays_batch
from jobintel_core.matching.profiles.user_state import JobStatus, StateEntry, UserState
from tests.core.feedback.day_of_jobs import DAY, PROFILE, day_scores

YESTERDAY = DAY - timedelta(days=1)


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    return day_scores(90)


def fit(scores: pd.DataFrame, liked: str, disliked: str, limit: int = 99, **hyper: float):
    kept = scores[~scores["excluded"] & scores["company"].isin([liked, disliked])].head(limit)
    labels = [
        Label(job_id=j, reward=1.0 if c == liked else -1.0, on=YESTERDAY)
        for j, c in zip(kept["job_id"], kept["company"], strict=True)
    ]
    return fit_preferences(PROFILE.name, feature_frame(scores), labels, YESTERDAY, hyper=Hyper(**hyper))


def test_no_model_or_no_label_keeps_todays_order_and_scores(scores):
    empty = fit_preferences(PROFILE.name, feature_frame(scores), [], YESTERDAY)
    for model in (None, empty):
        out = rerank(scores, model, DAY, PROFILE, blocked={"job003"})
        assert list(out["job_id"]) == list(scores["job_id"])
        assert (out["score"] == scores["score"]).all() and (out["rule_score"] == scores["score"]).all()
        assert not out["preference_points"].any() and not out["explore"].any()
        assert (out["preference_reasons"] == "").all()


def test_points_are_bounded_and_hard_rules_keep_their_zero(scores):
    model = fit(scores, "Ember Health", "Delta Freight", cap=6.0)
    out = rerank(scores, model, DAY, PROFILE, blocked=set())
    assert out["preference_points"].abs().max() <= 6.0
    assert out["preference_points"].abs().max() > 3  # the taste is strong: the cap is what stops it
    assert ((out["score"] - out["rule_score"]).abs() <= 6.0 + 1e-9).all()
    excluded = out[out["excluded"]]
    assert len(excluded) and (excluded["score"] == 0).all() and (excluded["preference_points"] == 0).all()


def test_a_few_ratings_move_jobs_a_little_and_say_why(scores):
    few = fit(scores, "Ember Health", "Delta Freight", limit=4)
    many = fit(scores, "Ember Health", "Delta Freight")
    moved_few = rerank(scores, few, DAY, PROFILE, set())["preference_points"].abs().mean()
    moved_many = rerank(scores, many, DAY, PROFILE, set())["preference_points"].abs().mean()
    assert moved_few < moved_many
    out = rerank(scores, many, DAY, PROFILE, set()).set_index("job_id")
    liked = out[(out["company"] == "Ember Health") & ~out["excluded"]].iloc[0]
    disliked = out[(out["company"] == "Delta Freight") & ~out["excluded"]].iloc[0]
    assert liked["preference_points"] > 0 and disliked["preference_points"] < 0
    assert "jobs you rated ★★★★ or more (Ember Health): +" in liked["preference_reasons"]
    assert "companies you rated low (Delta Freight): −" in disliked["preference_reasons"]


def test_the_same_day_and_profile_draw_the_same_exploration(scores):
    model = fit(scores, "Ember Health", "Delta Freight")
    first = rerank(scores, model, DAY, PROFILE, set())
    pd.testing.assert_frame_equal(first, rerank(scores, model, DAY, PROFILE, set()))
    assert first["explore"].sum() == 1
    assert first.index[first["explore"]][0] == EXPLORE_TOP - 1  # the last slot of the top
    placed = first["propensity"] == 1.0
    assert placed.sum() == EXPLORE_TOP - 1 and placed.head(EXPLORE_TOP - 1).all()
    drawn = first[(first["propensity"] > 0) & ~placed]
    assert len(drawn) == POOL and drawn["propensity"].sum() == pytest.approx(1, abs=1e-4)
    explored = {
        rerank(scores, model, DAY + timedelta(days=d), PROFILE, set())["job_id"].iloc[9] for d in range(30)
    }
    assert len(explored) > 3  # other days draw other jobs


def test_exploration_never_shows_an_excluded_blocked_or_hidden_job(scores):
    model = fit(scores, "Ember Health", "Delta Freight")
    blocked = set(scores["job_id"].iloc[10:40:2]) | set(scores.loc[scores["company"] == "Acme", "job_id"])
    state = UserState(
        profile=PROFILE.name,
        jobs={j: StateEntry(status=JobStatus.IGNORED, date=DAY) for j in scores["job_id"].iloc[11:41:2]},
        hidden_companies=["Cobalt Bank"],
    )
    excluded = set(scores.loc[scores["excluded"], "job_id"])
    hidden = set(state.jobs) | set(scores.loc[scores["company"] == "Cobalt Bank", "job_id"])
    low = set(scores.loc[scores["score"] < PROFILE.shortlist.min_score, "job_id"])
    explored_shortlist, explored_batch = set(), set()
    x = feature_matrix(scores)
    for d in range(200):
        day = DAY + timedelta(days=d)
        out = rerank(scores, model, day, PROFILE, blocked, features=x, reasons_top=0)
        pick = out.loc[out["explore"], "job_id"]
        assert len(pick) == 1 and not set(pick) & (blocked | excluded | low)
        assert not set(out.loc[out["propensity"] > 0, "job_id"]) & (blocked | excluded)
        explored_shortlist |= set(pick)
        batch = todays_batch(out, batch_plan(out, state, day=day, rated=set(scores["job_id"].iloc[:5])))
        assert len(batch) == 5 and batch["explore"].sum() == 1
        assert not set(batch["job_id"]) & (hidden | excluded | set(scores["job_id"].iloc[:5]))
        explored_batch |= set(batch.loc[batch["explore"], "job_id"])
    assert len(explored_shortlist) > 5 and len(explored_batch) > 5  # the test saw many draws


def test_the_batch_explores_before_the_first_rating_and_logs_its_pool(scores):
    out = rerank(scores, None, DAY, PROFILE, set())
    state = UserState(profile=PROFILE.name)
    plan = batch_plan(out, state, day=DAY)
    batch = todays_batch(out, plan)
    assert list(batch["batch_rank"]) == [1, 2, 3, 4, 5]
    assert list(batch["job_id"].head(4)) == list(out["job_id"].head(4))
    assert batch["explore"].tolist() == [False] * 4 + [True] and batch["propensity"].iloc[4] < 1
    assert plan.probabilities.sum() == pytest.approx(1) and batch["propensity"].iloc[4] == pytest.approx(
        plan.probabilities[plan.chosen], abs=1e-6
    )
    calm = todays_batch(out, batch_plan(out, state, day=DAY, explore=False))
    assert list(calm["job_id"]) == list(out["job_id"].head(5)) and not calm["explore"].any()
    with pytest.raises(ValueError, match="size"):
        batch_plan(out, state, 0, day=DAY)


def test_features_given_must_match_the_rows(scores):
    model = fit(scores, "Ember Health", "Delta Freight")
    with pytest.raises(ValueError, match="features: expected shape"):
        rerank(scores, model, DAY, PROFILE, set(), features=np.zeros((3, 3)))
