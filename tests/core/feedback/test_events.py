from datetime import date

import pytest
from pydantic import ValidationError

from jobintel_core.feedback.events import (
    Outcome,
    Rating,
    outcomes_table,
    ratings_table,
    read_outcomes,
    read_ratings,
    record_outcome,
    record_rating,
    validation_summary,
)
from jobintel_core.matching.profiles.user_state import load_user_state, mark_job
from jobintel_core.storage.objects import LocalObjectStore

DAY = date(2026, 11, 20)
LOG = "user_state/sam/ratings.jsonl"


def rating(job_id: str = "aaaa", stars: int = 4, **more) -> Rating:
    return Rating(profile="sam", job_id=job_id, stars=stars, on=DAY, **more)


def test_ratings_are_appended_and_read_back_in_order(tmp_path):
    store = LocalObjectStore(tmp_path)
    assert read_ratings(store, "sam").events == []
    record_rating(store, rating("aaaa", 4, fit=8, comment="great team"))
    record_rating(store, rating("bbbb", 1))
    record_rating(store, rating("aaaa", 2))  # a change of mind is a new event, the old one kept
    log = read_ratings(store, "sam")
    assert [(r.job_id, r.stars) for r in log.events] == [("aaaa", 4), ("bbbb", 1), ("aaaa", 2)]
    assert log.events[0].fit == 8 and log.events[0].comment == "great team"
    assert log.problems == []
    assert (tmp_path / LOG).read_bytes().count(b"\n") == 3


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"stars": 0}, "stars"),
        ({"stars": 6}, "stars"),
        ({"pay": 11}, "pay"),
        ({"fit": 0}, "fit"),
        ({"comment": "x" * 2001}, "comment"),
        ({"job_id": ""}, "job_id"),
    ],
)
def test_a_value_out_of_range_names_its_field(fields, named):
    values = {"profile": "sam", "job_id": "aaaa", "stars": 3, "on": DAY, **fields}
    with pytest.raises(ValidationError) as caught:
        Rating(**values)
    assert validation_summary(caught.value).startswith(f"{named}: ")


def test_an_unknown_stage_names_the_field_and_the_stages():
    for stage in ("hired", "saved", "ignored"):
        with pytest.raises(ValidationError) as caught:
            Outcome(profile="sam", job_id="aaaa", stage=stage, on=DAY)
        assert validation_summary(caught.value) == (
            "stage: Value error, must be one of applied, screen, interviewing, offer, rejected, "
            "withdrawn, no_answer"
        )


def test_a_malformed_line_is_reported_with_file_and_line_and_the_others_kept(tmp_path):
    store = LocalObjectStore(tmp_path)
    record_rating(store, rating("aaaa", 5))
    secret = "my private opinion of this manager"
    bad = (
        b'{"profile": "sam", "job_id": "bbbb", "stars": 9, "on": "2026-11-20", "comment": "'
        + secret.encode()
        + b'"}\n'
        b"not json at all\n"
        b"\n"  # a blank line is no event and no problem
        b'{"profile": "sam", "job_id": "cccc", "stars": 3, "on": "2026-11-31"}\n'
        b'{"profile": "alex", "job_id": "dddd", "stars": 3, "on": "2026-11-20"}\n'
        b'{"profile": "sam", "job_id": "eeee", "stars": 3}'  # no newline at the end
    )
    store.put(LOG, store.get(LOG) + bad)
    record_rating(store, rating("ffff", 2))  # appending after a broken tail keeps both apart
    log = read_ratings(store, "sam")
    assert [r.job_id for r in log.events] == ["aaaa", "ffff"]
    uri = store.uri(LOG)
    assert [p.split(": ", 1)[0] for p in log.problems] == [f"{uri}:{n}" for n in (2, 3, 5, 6, 7)]
    assert log.problems[0] == f"{uri}:2: stars: Input should be less than or equal to 5"
    assert log.problems[1].startswith(f"{uri}:3: event: Invalid JSON")
    assert log.problems[2].startswith(f"{uri}:5: on: ")
    assert log.problems[3] == f"{uri}:6: profile: an event of 'alex' in 'sam''s log"
    assert log.problems[4] == f"{uri}:7: on: Field required"
    assert not any(secret in p for p in log.problems)  # a field is named, never its value


def test_outcomes_are_the_trackers_stage_history(tmp_path):
    store = LocalObjectStore(tmp_path)
    mark_job(store, "sam", "bbbb", "saved", date(2026, 11, 18))  # a bookmark: no outcome
    mark_job(store, "sam", "bbbb", "applied", date(2026, 11, 19))  # the web app's and `mark`'s path
    record_outcome(store, Outcome(profile="sam", job_id="bbbb", stage="screen", on=date(2026, 11, 24)))
    mark_job(store, "sam", "aaaa", "ignored", date(2026, 11, 20))
    assert [(o.job_id, o.stage.value, o.on.day) for o in read_outcomes(store, "sam").events] == [
        ("bbbb", "applied", 19),
        ("bbbb", "screen", 24),
    ]


def test_record_outcome_keeps_the_note_and_returns_the_stored_event(tmp_path):
    store = LocalObjectStore(tmp_path)
    mark_job(store, "sam", "aaaa", "applied", date(2026, 11, 19), "via Ana", date(2026, 11, 30))
    again = record_outcome(store, Outcome(profile="sam", job_id="aaaa", stage="applied", on=DAY))
    assert again.on == date(2026, 11, 19)  # the same stage again is no new event
    record_outcome(store, Outcome(profile="sam", job_id="aaaa", stage="rejected", on=DAY))
    entry = load_user_state(store, "sam").jobs["aaaa"]
    assert (entry.status.value, entry.notes, entry.follow_up) == ("rejected", "via Ana", date(2026, 11, 30))
    record_outcome(store, Outcome(profile="sam", job_id="aaaa", stage="withdrawn", on=DAY), note="")
    assert load_user_state(store, "sam").jobs["aaaa"].notes == ""


def test_a_tracker_entry_from_before_the_history_is_one_outcome(tmp_path):
    store = LocalObjectStore(tmp_path)
    store.put(
        "user_state/sam.json",
        b'{"profile": "sam", "jobs": {"aaaa": {"status": "applied", "date": "2026-11-02"}}}',
    )
    assert [(o.stage.value, o.on) for o in read_outcomes(store, "sam").events] == [
        ("applied", date(2026, 11, 2))
    ]


def test_an_invalid_tracker_entry_is_reported_and_the_others_kept(tmp_path):
    store = LocalObjectStore(tmp_path)
    mark_job(store, "sam", "aaaa", "applied", DAY)
    mark_job(store, "sam", "bbbb", "offer", DAY)
    key = "user_state/sam.json"
    text = store.get(key).decode()
    store.put(key, text.replace('"status": "applied"', '"status": "hired"', 1).encode())
    log = read_outcomes(store, "sam")
    assert [o.job_id for o in log.events] == ["bbbb"]
    line = next(n for n, t in enumerate(text.splitlines(), start=1) if t == '  "aaaa": {')
    assert len(log.problems) == 1
    assert log.problems[0].startswith(f"{store.uri(key)}:{line}: jobs.aaaa.status: Input should be 'saved'")
    store.put(key, b'{"profile": "sam",\n "jobs": {')
    (problem,) = read_outcomes(store, "sam").problems
    assert problem.startswith(f"{store.uri(key)}:2: event: not JSON (")


def test_the_exports_hold_events_up_to_the_date_without_comments(tmp_path):
    store = LocalObjectStore(tmp_path)
    record_rating(store, rating("aaaa", 4, pay=7, comment="private"))
    record_rating(store, Rating(profile="sam", job_id="bbbb", stars=2, on=date(2026, 11, 21)))
    mark_job(store, "sam", "aaaa", "applied", DAY)
    mark_job(store, "sam", "aaaa", "screen", date(2026, 11, 21))
    ratings = ratings_table({"sam": read_ratings(store, "sam")}, DAY)
    assert ratings[["job_id", "seq", "stars", "has_comment"]].to_dict("records") == [
        {"job_id": "aaaa", "seq": 0, "stars": 4, "has_comment": True}
    ]
    assert "comment" not in ratings.columns and ratings["pay"].tolist() == [7]
    outcomes = outcomes_table({"sam": read_outcomes(store, "sam")}, date(2026, 11, 21))
    assert outcomes[["job_id", "step", "stage"]].values.tolist() == [
        ["aaaa", 0, "applied"],
        ["aaaa", 1, "screen"],
    ]
    assert outcomes_table({"sam": read_outcomes(store, "sam")}, DAY)["stage"].tolist() == ["applied"]
