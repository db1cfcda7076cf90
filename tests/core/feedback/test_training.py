"""Which day's features a label gets, and the stored model's round trip."""

from datetime import date

import pandas as pd
import pytest

from jobintel_core.feedback.events import EventLog, Rating
from jobintel_core.feedback.learner import Label
from jobintel_core.feedback.training import (
    features_as_rated,
    fit_profile,
    models_from_table,
    preference_table,
)
from tests.core.feedback.test_blend import scores_for

D = [date(2026, 11, d) for d in (17, 18, 19, 20)]


def stored_scores(day: date) -> pd.DataFrame:
    """job_scores of a day: job000–job009 open from the 17th (job001 closed on the 18th), job010
    only from the 19th on; each row's title points are the day of the month, so a feature says
    which day's row it came from."""
    frame = scores_for("alex", n=12).sort_values("job_id").reset_index(drop=True)
    open_ids = {f"job{i:03d}" for i in range(10)} | ({"job010"} if day >= D[2] else set())
    frame = frame[frame["job_id"].isin(open_ids - ({"job001"} if day >= D[1] else set()))]
    return frame.assign(points_title=float(day.day))


def test_a_label_takes_its_job_as_scored_on_or_before_its_date():
    loaded: list[date] = []

    def load(day: date) -> pd.DataFrame:
        loaded.append(day)
        return stored_scores(day)

    labels = [
        Label(job_id="job000", reward=1.0, on=D[2]),  # scored that day
        Label(job_id="job001", reward=-1.0, on=D[3]),  # closed on the 18th: the 17th's row
        Label(job_id="job010", reward=0.5, on=D[1]),  # first scored after its label: unmatched
    ]
    features, read = features_as_rated("alex", labels, D, load)
    assert list(features["job_id"]) == ["job000", "job001"]  # job010: left out (n_unmatched)
    assert features["points_title"].tolist() == [0.19, 0.17]  # the label's day; the last day open
    assert read == D  # job001 was looked for from its label (the 20th) back to the 17th
    assert sorted(loaded) == read and len(loaded) == len(set(loaded))


def test_the_model_of_a_day_learns_from_the_days_before_it_and_round_trips():
    ratings = EventLog(
        events=[
            Rating(profile="alex", job_id="job000", stars=5, on=D[1]),
            Rating(profile="alex", job_id="job002", stars=1, on=D[2]),  # the model's own day: not yet
        ]
    )
    model, features, _ = fit_profile("alex", ratings, EventLog(), D[2], D, stored_scores)
    assert (model.through, model.n_labels, list(features["job_id"])) == (D[1], 1, ["job000"])
    table = preference_table([model])
    assert models_from_table(table) == {"alex": model}
    broken = table.assign(model=table["model"].str.replace('"n_labels":1', '"n_labels":-1'))
    with pytest.raises(ValueError, match=r"preference_model of 'alex' \(through 2026-11-18\)"):
        models_from_table(broken)
