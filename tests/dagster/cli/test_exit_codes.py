"""Exit codes: one test per code, through the same ``main`` as the console script (in this process,
where the command is light) or the mapping itself; the end-to-end runs that end in 3, 4, 5 and 130
are in ``test_commands.py``, ``test_interactive_runs.py`` and ``runs/test_replay.py``. The table in
docs/operations.md lists exactly these codes."""

import re
from datetime import date

import pytest
from pydantic import BaseModel, ValidationError

from jobintel_core.storage.objects import StorageUnavailable
from jobintel_dagster.cli import main
from jobintel_dagster.cli.exit_codes import ExitCode, exit_code_for, failed_run_code
from jobintel_dagster.runs.errors import InstanceUnavailable
from tests.conftest import REPO_ROOT
from tests.support.stored_history import store_history


@pytest.fixture
def storage(tmp_path, monkeypatch):
    monkeypatch.setenv("JOBINTEL_STORAGE_URL", str(tmp_path / "storage"))
    return tmp_path / "storage"


def test_0_on_success(storage, capsys):
    [job_id, *_] = store_history(storage, date(2026, 11, 20))
    assert main(["mark", job_id, "applied", "--profile", "alex"]) == ExitCode.OK == 0
    assert f"alex: {job_id}" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["run", "--date", "2026-02-30"],  # not a date: argparse's usage line, no traceback
        ["mark", "j1", "applied", "--profile", "Not A Slug"],
        ["frobnicate"],
    ],
)
def test_2_for_a_bad_argument(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == ExitCode.INVALID_INPUT == 2
    assert "Traceback" not in capsys.readouterr().err


def test_2_for_missing_inputs(storage, capsys):
    assert main(["mark", "j1", "applied", "--profile", "alex"]) == ExitCode.INVALID_INPUT
    assert capsys.readouterr().err.strip() == "no job history yet: run `make run` (or `jobintel run`) first"


def test_2_for_a_bad_setting(storage, monkeypatch, capsys):
    monkeypatch.setenv("JOBINTEL_ENV", "staging")
    assert main(["state", "--profile", "alex"]) == ExitCode.INVALID_INPUT
    assert "'staging'" in capsys.readouterr().err


def test_3_when_a_run_failed_and_4_when_its_cause_is_unreachable_storage():
    assert failed_run_code(["ValueError", ""]) == ExitCode.RUN_FAILED == 3
    assert failed_run_code(["ValueError", StorageUnavailable.__name__]) == ExitCode.UNREACHABLE


def test_4_for_storage_or_an_instance_that_cannot_be_reached():
    assert exit_code_for(StorageUnavailable("S3 at http://127.0.0.1:9 is down")) == ExitCode.UNREACHABLE == 4
    assert exit_code_for(InstanceUnavailable("no PostgreSQL there")) == ExitCode.UNREACHABLE


def test_5_is_replay_only_and_130_an_interrupt():
    assert ExitCode.NOT_REPRODUCED == 5
    assert exit_code_for(KeyboardInterrupt()) == ExitCode.INTERRUPTED == 130


def test_an_unexpected_error_is_not_mapped():
    """A bug keeps its traceback (Python exits 1) instead of passing for a known failure."""
    assert exit_code_for(RuntimeError("bug")) is None
    assert exit_code_for(ValueError("bug")) is None


def test_a_validation_error_is_invalid_input():
    class Profile(BaseModel):
        min_score: int

    with pytest.raises(ValidationError) as error:
        Profile.model_validate({"min_score": "high"})
    assert exit_code_for(error.value) == ExitCode.INVALID_INPUT


def test_the_docs_table_lists_every_code():
    text = (REPO_ROOT / "docs" / "operations.md").read_text()
    section = text.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    documented = {int(code) for code in re.findall(r"^\| (\d+) \|", section, flags=re.MULTILINE)}
    assert documented == {int(code) for code in ExitCode}
