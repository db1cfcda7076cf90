"""The dbt project (``dbt_like_sql/``) as Dagster sees it, and its manifest, prepared once per change.

``@dbt_assets`` needs ``target/manifest.json`` when the code location loads; ``dbt parse`` makes it
in ~6 s on 2 cores. ``make install`` and the image build prepare it ahead of time (``python -m
jobintel_dagster.warehouse.project``); when the project's files change (a new model), the next load
parses again, once: a fingerprint of every project file is kept beside the manifest. This replaces
``prepare_if_dev()``, which parses on every load under ``dagster dev`` and never elsewhere. Parsing
needs no database: the manifest is the same for both targets.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

from dagster_dbt import DbtCliResource, DbtProject

from jobintel_core.config.settings import load_settings

_FINGERPRINT = "jobintel-project.sha256"
_PROJECT_FILES = ("dbt_project.yml", "profiles.yml")
_PROJECT_FOLDERS = ("models", "macros", "tests")


def dbt_executable() -> str:
    """The ``dbt`` installed beside this Python (a virtualenv's bin), else the one on ``PATH``:
    ``make run`` calls ``.venv/bin/jobintel`` without activating the virtualenv."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def dbt_resource(project: DbtProject, target: str) -> DbtCliResource:
    return DbtCliResource(
        project_dir=project,
        profiles_dir=str(project.project_dir),
        target=target,
        dbt_executable=dbt_executable(),
    )


def project_fingerprint(project_dir: Path) -> str:
    digest = hashlib.sha256()
    files = [project_dir / name for name in _PROJECT_FILES]
    for folder in _PROJECT_FOLDERS:
        files.extend(sorted(p for p in (project_dir / folder).rglob("*") if p.is_file()))
    for path in files:
        digest.update(str(path.relative_to(project_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def jobintel_dbt_project(project_dir: Path) -> DbtProject:
    """The project with a manifest that matches its files (parsed here when it does not)."""
    project = DbtProject(project_dir=project_dir, profiles_dir=project_dir)
    fingerprint = project_fingerprint(project_dir)
    marker = project.manifest_path.parent / _FINGERPRINT
    current = marker.read_text() if marker.exists() and project.manifest_path.exists() else ""
    if current != fingerprint:
        dbt_resource(project, "duckdb").cli(["parse", "--quiet"], target_path=project.target_path).wait()
        marker.write_text(fingerprint)
    return project


if __name__ == "__main__":
    print(f"dbt manifest ready: {jobintel_dbt_project(load_settings().dbt_project_dir).manifest_path}")
