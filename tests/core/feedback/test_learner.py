"""The preference learner: its features are the score's own, its prior is Matching v3 exactly, it
learns a taste the features express, and it stays put on ratings that carry none."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from jobintel_core.feedback.events import Outcome, Rating
from jobintel_core.feedback.learner import (
    FEATURE_NAMES,
    INDEX,
    Hyper,
    Label,
    PreferenceModel,
    company_bucket,
    feature_frame,
    feature_matrix,
    fit_preferences,
    labels_from_events,
    prior,
)
from tests.core.feedback.day_of_jobs import DAY, day_scores

YESTERDAY = DAY - timedelta(days=1)


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    return day_scores()


def company_labels(scores: pd.DataFrame, liked: str, disliked: str, limit: int = 99) -> list[Label]:
    kept = scores[~scores["excluded"] & scores["company"].isin([liked, disliked])].head(limit)
    return [
        Label(job_id=j, reward=1.0 if c == liked else -1.0, on=YESTERDAY)
        for j, c in zip(kept["job_id"], kept["company"], strict=True)
    ]


def test_features_are_row_local_and_the_prior_is_the_rule_score(scores):
    x = feature_matrix(scores)
    assert x.shape == (len(scores), len(FEATURE_NAMES)) and x.dtype == np.float64
    # a job's features do not depend on the other jobs of the day (a rated job keeps its features)
    np.testing.assert_array_equal(feature_matrix(scores.iloc[7:9]), x[7:9])
    shuffled = scores.sample(frac=1, random_state=1)
    np.testing.assert_array_equal(feature_matrix(shuffled), x[shuffled.index.to_numpy()])
    mean, _ = prior(Hyper())
    kept = (~scores["excluded"]).to_numpy()
    assert (scores["score"][kept] == 0).any()  # a job whose penalties outweigh its gains: still −1
    np.testing.assert_allclose((x @ mean)[kept], 2 * scores["score"].to_numpy()[kept] / 100 - 1, atol=1e-3)
    row = x[scores.index[scores["company"] == "Acme"][0]]
    assert row[INDEX[f"company#{company_bucket('Acme')}"]] == 1 and row[INDEX["family=data_engineering"]] == 1


def test_labels_take_the_latest_rating_and_outcomes_bound_them():
    def rating(job, stars, day):
        return Rating(profile="alex", job_id=job, stars=stars, on=date(2026, 11, day))

    def outcome(job, stage, day):
        return Outcome(profile="alex", job_id=job, stage=stage, on=date(2026, 11, day))

    ratings = [rating("a", 2, 1), rating("a", 5, 3), rating("b", 1, 2), rating("c", 5, 2), rating("d", 4, 9)]
    outcomes = [outcome("b", "applied", 4), outcome("c", "withdrawn", 5), outcome("e", "offer", 6)]
    labels = {label.job_id: label for label in labels_from_events(ratings, outcomes, date(2026, 11, 6))}
    assert sorted(labels) == ["a", "b", "c", "e"]  # d is rated after `through`
    assert labels["a"].reward == 1.0 and labels["a"].on == date(2026, 11, 3)
    assert labels["b"].reward == 0.5 and labels["b"].on == date(2026, 11, 4)  # applied: they wanted it
    assert labels["c"].reward == -0.5  # withdrawn after ★★★★★
    assert labels["e"].reward == 1.0


def test_no_label_is_the_prior_and_the_same_labels_give_the_same_model(scores):
    empty = fit_preferences("alex", feature_frame(scores), [], YESTERDAY)
    assert empty.n_labels == 0 and empty.mean == empty.prior_mean and not empty.delta().any()
    labels = company_labels(scores, "Acme", "Delta Freight")
    first = fit_preferences("alex", feature_frame(scores), labels, YESTERDAY)
    again = fit_preferences("alex", feature_frame(scores.iloc[::-1]), labels[::-1], YESTERDAY)
    assert first.model_dump_json() == again.model_dump_json()
    assert PreferenceModel.model_validate_json(first.model_dump_json()) == first


def test_a_consistent_taste_is_learnt_and_believed(scores):
    model = fit_preferences(
        "alex", feature_frame(scores), company_labels(scores, "Acme", "Delta Freight"), YESTERDAY
    )
    delta = model.delta()
    assert delta[INDEX[f"company#{company_bucket('Acme')}"]] > 0.1
    assert delta[INDEX[f"company#{company_bucket('Delta Freight')}"]] < -0.1
    assert model.evidence > 0.9
    assert model.support_high[INDEX[f"company#{company_bucket('Acme')}"]] == model.n_labels // 2


def test_ratings_that_carry_no_taste_leave_the_default_in_charge(scores):
    """Alternating stars over jobs in score order: nothing in the features explains them."""
    kept = scores[~scores["excluded"]]
    labels = [Label(job_id=j, reward=(1.0, -1.0)[i % 2], on=YESTERDAY) for i, j in enumerate(kept["job_id"])]
    model = fit_preferences("alex", feature_frame(scores), labels, YESTERDAY)
    assert model.n_labels == len(kept) and model.evidence < 0.05


def test_old_labels_count_less_and_later_ones_are_ignored(scores):
    labels = company_labels(scores, "Acme", "Delta Freight")
    frame = feature_frame(scores)
    acme = INDEX[f"company#{company_bucket('Acme')}"]
    fresh = fit_preferences("alex", frame, labels, YESTERDAY).delta()[acme]
    stale = fit_preferences("alex", frame, labels, YESTERDAY + timedelta(days=60)).delta()[acme]
    assert 0 < stale < fresh
    before = fit_preferences("alex", frame, labels, YESTERDAY - timedelta(days=1))
    assert before.n_labels == 0


def test_bad_input_names_what_is_wrong(scores):
    with pytest.raises(ValueError, match="missing column"):
        fit_preferences("alex", feature_frame(scores).drop(columns=["company#3"]), [], YESTERDAY)
    with pytest.raises(ValueError, match="reward"):
        Label(job_id="a", reward=1.5, on=YESTERDAY)
    model = fit_preferences("alex", feature_frame(scores), [], YESTERDAY).model_dump()
    with pytest.raises(ValueError, match="FEATURE_NAMES"):
        PreferenceModel.model_validate({**model, "feature_names": model["feature_names"][:-1]})
    unknown = fit_preferences(
        "alex", feature_frame(scores), [Label(job_id="gone", reward=1, on=YESTERDAY)], YESTERDAY
    )
    assert unknown.n_labels == 0 and unknown.n_unmatched == 1
