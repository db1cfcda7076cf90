"""A day's preference models: each profile's events before the day, the features of the jobs they
are about as those jobs were scored then, and ``learner.fit_preferences`` over them.

* **Which events.** The model of date D is fit on events dated before D (``through`` = D − 1): the
  shortlist of D is built in the morning from what the person said until then, so a rating made
  while looking at it moves the next day's list, never the one already shown and logged
  (``impressions``), and replaying D gives D's model whatever was rated since.
* **Which features.** A label's job is taken from the ``job_scores`` of the latest stored date on
  or before the label's date that scored it for the profile: the job as the person saw it when
  they rated it or moved it. Today's row would not do: freshness is a feature and ages daily, and a
  job rated last month may be closed today (no row at all). Dates are read newest first, each
  stored partition at most once, and only for the jobs still unmatched; a label whose job was never
  scored on or before its date is left out and counted (``n_unmatched``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta

import pandas as pd
import pyarrow as pa

from jobintel_core.feedback.events import EventLog, Outcome, Rating
from jobintel_core.feedback.learner import (
    Label,
    PreferenceModel,
    feature_frame,
    fit_preferences,
    labels_from_events,
)
from jobintel_core.storage.tables import frame_of

PREFERENCE_SCHEMA = pa.schema(
    [
        ("profile", pa.string()),
        ("through", pa.date32()),
        ("n_labels", pa.int32()),
        ("n_unmatched", pa.int32()),
        ("prior_version", pa.string()),
        ("model", pa.string()),  # the PreferenceModel as JSON (posterior, prior, hyper-parameters)
    ]
)


def model_through(day: date) -> date:
    """The last event date a model of ``day`` learns from."""
    return day - timedelta(days=1)


def features_as_rated(
    profile: str, labels: Sequence[Label], dates: Sequence[date], load_scores: Callable[[date], pd.DataFrame]
) -> tuple[pd.DataFrame, list[date]]:
    """``feature_frame`` rows (sorted by job id) of the labelled jobs, each from the latest of
    ``dates`` on or before its label's date whose ``job_scores`` (``load_scores``) has it for
    ``profile``; and the dates read."""
    pending = {label.job_id: label.on for label in labels}
    found: list[pd.DataFrame] = []
    read: list[date] = []
    for day in sorted(set(dates), reverse=True):
        wanted = {job_id for job_id, on in pending.items() if day <= on}
        if not wanted:
            continue
        scores = load_scores(day)
        read.append(day)
        rows = scores[(scores["profile"] == profile) & scores["job_id"].isin(wanted)]
        if len(rows):
            found.append(feature_frame(rows.reset_index(drop=True)))
            for job_id in rows["job_id"]:
                pending.pop(job_id, None)
        if not pending:
            break
    if not found:
        return feature_frame(pd.DataFrame(columns=["job_id"])), sorted(read)
    frame = pd.concat(found, ignore_index=True).drop_duplicates("job_id")
    return frame.sort_values("job_id", kind="stable").reset_index(drop=True), sorted(read)


def fit_profile(
    profile: str,
    ratings: EventLog[Rating],
    outcomes: EventLog[Outcome],
    day: date,
    dates: Sequence[date],
    load_scores: Callable[[date], pd.DataFrame],
) -> tuple[PreferenceModel, pd.DataFrame, list[date]]:
    """The profile's model for ``day`` (events before it), the features it was fit on, the dates read."""
    through = model_through(day)
    labels = labels_from_events(ratings.events, outcomes.events, through)
    features, read = features_as_rated(profile, labels, [d for d in dates if d <= through], load_scores)
    return fit_preferences(profile, features, labels, through), features, read


def preference_table(models: Sequence[PreferenceModel]) -> pd.DataFrame:
    """One row per profile (by name): the model as JSON and its counts, for storage."""
    rows = [
        {
            "profile": m.profile,
            "through": m.through,
            "n_labels": m.n_labels,
            "n_unmatched": m.n_unmatched,
            "prior_version": m.prior_version,
            "model": m.model_dump_json(),
        }
        for m in sorted(models, key=lambda m: m.profile)
    ]
    return frame_of(pa.Table.from_pylist(rows, schema=PREFERENCE_SCHEMA))


def models_from_table(table: pd.DataFrame) -> dict[str, PreferenceModel]:
    """The stored models by profile (a model that no longer validates fails naming its profile)."""
    models = {}
    for row in table.to_dict("records"):
        try:
            models[row["profile"]] = PreferenceModel.model_validate_json(row["model"])
        except ValueError as exc:
            raise ValueError(
                f"preference_model of {row['profile']!r} (through {row['through']}): {exc}"
            ) from None
    return models
