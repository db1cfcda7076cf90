"""The link check `make lint` runs (scripts/check_links.py), on small repositories built here: it must
fail, naming file and line, on a missing page and on a missing anchor, and pass when all resolve."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "check_links.py"


def repository(root: Path, files: dict[str, str]) -> Path:
    pages = {
        "docs/guide.md": "# Guide\n\n## Exit codes: `jobintel` & co\n\n## Setup\n\n## Setup\n",
        **files,
    }
    for name, text in pages.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    return root


def check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), str(root)], capture_output=True, text=True)


def test_links_and_anchors_that_resolve_pass(tmp_path):
    root = repository(
        tmp_path,
        {
            "README.md": (
                "See [the guide](docs/guide.md), [exit codes](docs/guide.md#exit-codes-jobintel--co),\n"
                "[the second setup](docs/guide.md#setup-1) and [elsewhere](https://example.com/x.md).\n"
                "```\n[not a link](docs/missing.md)\n```\n"
            ),
            "tool.py": '"""How it works: docs/guide.md#setup."""\n',
        },
    )
    result = check(root)
    assert result.returncode == 0, result.stdout
    assert result.stdout == ""


def test_a_link_to_a_missing_page_fails_with_its_file_and_line(tmp_path):
    root = repository(tmp_path, {"README.md": "# Read me\n\nSee [setup](docs/setup.md).\n"})
    result = check(root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "README.md:3: 'docs/setup.md': no such file docs/setup.md",
        "1 broken link(s)",
    ]


def test_a_link_to_a_missing_anchor_fails(tmp_path):
    root = repository(tmp_path, {"docs/other.md": "Intro.\n\nSee [install](guide.md#install).\n"})
    result = check(root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "docs/other.md:3: 'guide.md#install': no heading with anchor #install in guide.md",
        "1 broken link(s)",
    ]


def test_a_comment_naming_a_missing_docs_page_or_anchor_fails(tmp_path):
    root = repository(
        tmp_path,
        {
            "deploy/dagster.yaml": "# The deployment's instance (docs/deployment.md).\nrun_queue: {}\n",
            "Makefile": "all:\n\t# see docs/guide.md#teardown\n\ttrue\n",
            "pkg/module.py": 'VALUE = "docs/not-a-comment.md"  # a string, not a note\n',
        },
    )
    result = check(root)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "Makefile:2: 'docs/guide.md#teardown': no heading with anchor #teardown in guide.md",
        "deploy/dagster.yaml:1: 'docs/deployment.md': no such file docs/deployment.md",
        "2 broken link(s)",
    ]
