"""``jobintel resume import``: shows what it read, saves only on confirmation, stores nothing for a
refused file (no dagster is loaded for it)."""

from __future__ import annotations

import pytest

from jobintel_core.storage.objects import LocalObjectStore
from jobintel_dagster.cli import main
from tests.core.applications.drafting import RESUMES
from tests.core.applications.resume_files import BAD


@pytest.mark.parametrize("name", ["encrypted.pdf", "bomb.docx", "empty.txt"])
def test_the_cli_stores_nothing_for_a_refused_file(tmp_path, monkeypatch, capsys, name):
    monkeypatch.setenv("JOBINTEL_STORAGE_URL", str(tmp_path / "storage"))
    path = tmp_path / name
    path.write_bytes(BAD[name][0]())
    assert main(["resume", "import", str(path), "--profile", "alex", "--yes"]) == 2
    assert BAD[name][1] in capsys.readouterr().err
    assert LocalObjectStore(tmp_path / "storage").list("") == []


def test_the_cli_shows_the_sections_then_saves(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JOBINTEL_STORAGE_URL", str(tmp_path / "storage"))
    assert (
        main(["resume", "import", str(RESUMES / "sam.txt"), "--profile", "sam"]) == 2
    )  # not a tty, no --yes
    assert LocalObjectStore(tmp_path / "storage").list("") == []
    assert main(["resume", "import", str(RESUMES / "sam.txt"), "--profile", "sam", "--yes"]) == 0
    shown = capsys.readouterr().out
    assert "Machine Learning Engineer — Cascadia Search Inc. (Jun 2022 – present)" in shown
    assert "Suggested profile: titles ['Machine Learning Engineer', 'Software Engineer']" in shown
    assert LocalObjectStore(tmp_path / "storage").list("") == ["applications/sam/resumes/main.json"]
