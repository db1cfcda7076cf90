"""``jobintel resume import``: shows what it read, saves only on confirmation, stores nothing for a
refused file (no dagster is loaded for it)."""

from __future__ import annotations

import pytest

from jobintel_core.applications.importing import read_resume
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_dagster.cli import main
from tests.core.applications.drafting import RESUMES
from tests.core.applications.resume_files import BAD
from tests.support.fake_llm import Reply


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


def test_the_cli_lists_and_chooses_the_scoring_resume_and_falls_back_on_delete(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("JOBINTEL_STORAGE_URL", str(tmp_path / "storage"))
    for name in ("main", "ml"):
        assert (
            main(["resume", "import", str(RESUMES / "sam.txt"), "--profile", "sam", "--name", name, "--yes"])
            == 0
        )
    capsys.readouterr()
    assert main(["resume", "list", "--profile", "sam"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "* main",
        "  ml",
        "sam scores with résumé 'main' (by default: none chosen); drafts default to it",
    ]
    assert main(["resume", "use", "ghost", "--profile", "sam"]) == 2
    assert "has no résumé 'ghost' (it has: main, ml)" in capsys.readouterr().err
    assert main(["resume", "use", "ml", "--profile", "sam"]) == 0
    used = capsys.readouterr().out
    assert "sam scores with résumé 'ml' (chosen)" in used and "skills (nice_to_have): ['Python'" in used
    assert main(["resume", "list", "--profile", "sam"]) == 0
    assert capsys.readouterr().out.splitlines()[:2] == ["  main", "* ml"]
    assert main(["resume", "delete", "--profile", "sam", "--name", "ml"]) == 0
    assert "sam scores with résumé 'main' (by default: none chosen)" in capsys.readouterr().out


def test_the_cli_import_names_what_the_model_filled(tmp_path, monkeypatch, capsys, fake_llm):
    key = "sk-cli-import-do-not-leak"
    for name, value in {
        "JOBINTEL_STORAGE_URL": str(tmp_path / "storage"),
        "JOBINTEL_AI_URL": fake_llm.base_url,
        "JOBINTEL_AI_MODEL": "tiny",
        "JOBINTEL_AI_API_KEY": key,
    }.items():
        monkeypatch.setenv(name, value)
    text = (RESUMES / "sam.txt").read_text()  # the second employer only in a bullet: the rules miss it
    text = text.replace("Software Engineer, Evergreen Health Systems", "Software Engineer")
    text = text.replace(
        "Moved model training to GPU nodes", "Moved Evergreen Health Systems' model training to GPU nodes"
    )
    path = tmp_path / "cv.txt"
    path.write_text(text)
    answer = read_resume(text.encode(), path.name).resume
    assert answer.work[1].name == ""
    answer.work[1].name = "Evergreen Health Systems"
    fake_llm.answer(Reply(answer.model_dump_json(by_alias=True)))
    assert main(["resume", "import", str(path), "--profile", "sam", "--yes"]) == 0
    out = capsys.readouterr().out
    assert "Software Engineer — Evergreen Health Systems (Jan 2019 – May 2022)" in out
    assert "Filled by the AI model from the file (check these): work[1].name" in out and key not in out
