"""``jobintel rate`` and ``jobintel outcome``: through the same ``main`` as the console script, on a
stored history; bad input exits 2 naming what is wrong, with nothing recorded."""

from datetime import date, timedelta

import pyarrow as pa
import pytest

from jobintel_core.feedback.events import read_outcomes, read_ratings
from jobintel_core.history.tracking import HISTORY_SCHEMA
from jobintel_core.matching.profiles.user_state import load_user_state
from jobintel_core.storage.keys import table_key
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.storage.tables import parquet_bytes, read_table
from jobintel_dagster.cli import main
from jobintel_dagster.cli.common import today
from jobintel_dagster.cli.exit_codes import ExitCode
from tests.support.stored_history import store_history

DAY = date(2026, 11, 20)
ALIAS = "0123456789abcdef"


@pytest.fixture
def stored(tmp_path, monkeypatch):
    """A stored history whose first job absorbed a duplicate (``ALIAS``); returns (store, its id)."""
    monkeypatch.setenv("JOBINTEL_STORAGE_URL", str(tmp_path / "storage"))
    [job_id, *_] = store_history(tmp_path / "storage", DAY)
    store = LocalObjectStore(tmp_path / "storage")
    history = read_table(store, "job_history", DAY.isoformat())
    history.at[0, "absorbed_ids"] = [ALIAS]
    table = pa.Table.from_pandas(history, schema=HISTORY_SCHEMA, preserve_index=False)
    store.put(table_key("job_history", DAY.isoformat()), parquet_bytes(table))
    return store, job_id


def test_rate_records_a_rating_of_the_canonical_job(stored, capsys):
    store, job_id = stored
    argv = ["rate", ALIAS, "--profile", "alex", "--stars", "4", "--fit", "8", "--comment", "nice team"]
    assert main(argv) == ExitCode.OK
    out = capsys.readouterr().out
    assert out.startswith(f"alex: {job_id} (via {ALIAS}) ") and out.strip().endswith(
        f"rated ★★★★ on {today()}"
    )
    assert "nice team" not in out
    [rating] = read_ratings(store, "alex").events
    assert (rating.job_id, rating.stars, rating.fit, rating.pay, rating.comment) == (
        job_id,
        4,
        8,
        None,
        "nice team",
    )


def test_outcome_moves_the_job_in_the_tracker(stored, capsys):
    store, job_id = stored
    assert (
        main(["mark", job_id, "applied", "--profile", "alex", "--note", "via Ana", "--date", "2026-11-21"])
        == 0
    )
    assert main(["outcome", ALIAS, "--profile", "alex", "--stage", "screen", "--date", "2026-11-25"]) == 0
    assert main(["outcome", job_id, "--profile", "alex", "--stage", "screen"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1].endswith("→ screen on 2026-11-25")
    assert out[2].endswith(f"→ screen on {today()} (already since 2026-11-25)")
    assert [(o.stage.value, o.on.isoformat()) for o in read_outcomes(store, "alex").events] == [
        ("applied", "2026-11-21"),
        ("screen", "2026-11-25"),
    ]
    assert load_user_state(store, "alex").jobs[job_id].notes == "via Ana"  # the note is kept


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["rate", "J", "--profile", "alex", "--stars", "6"], "argument --stars: invalid choice: 6"),
        (["rate", "J", "--profile", "alex", "--stars", "0"], "argument --stars: invalid choice: 0"),
        (
            ["rate", "J", "--profile", "alex", "--stars", "4", "--pay", "11"],
            "argument --pay: invalid choice: 11",
        ),
        (
            ["rate", "J", "--profile", "alex", "--stars", "four"],
            "argument --stars: invalid int value: 'four'",
        ),
        (
            ["outcome", "J", "--profile", "alex", "--stage", "hired"],
            "argument --stage: invalid choice: 'hired'",
        ),
        (
            ["outcome", "J", "--profile", "alex", "--stage", "saved"],
            "argument --stage: invalid choice: 'saved'",
        ),
        (
            ["outcome", "J", "--profile", "alex", "--stage", "offer", "--date", "2026-11-31"],
            "argument --date: '2026-11-31' is not a date YYYY-MM-DD",
        ),
    ],
)
def test_a_bad_argument_exits_2_naming_it(stored, argv, message, capsys):
    store, job_id = stored
    argv[1] = job_id
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == ExitCode.INVALID_INPUT
    assert message in capsys.readouterr().err
    assert read_ratings(store, "alex").events == read_outcomes(store, "alex").events == []


def test_bad_values_and_unknown_jobs_exit_2_with_nothing_recorded(stored, capsys):
    store, job_id = stored
    cases = [
        (
            ["rate", "feedfacefeedface", "--profile", "alex", "--stars", "3"],
            "job 'feedfacefeedface' is not in",
        ),
        (
            ["outcome", "feedfacefeedface", "--profile", "alex", "--stage", "applied"],
            "job 'feedfacefeedface'",
        ),
        (
            ["rate", job_id, "--profile", "alex", "--stars", "3", "--comment", "x" * 2001],
            "not rated: comment: ",
        ),
        (
            [
                "outcome",
                job_id,
                "--profile",
                "alex",
                "--stage",
                "offer",
                "--date",
                str(today() + timedelta(days=1)),
            ],
            "is after today",
        ),
    ]
    for argv, message in cases:
        assert main(argv) == ExitCode.INVALID_INPUT
        err = capsys.readouterr().err
        assert message in err and "x" * 50 not in err
    assert read_ratings(store, "alex").events == read_outcomes(store, "alex").events == []
