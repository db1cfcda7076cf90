"""The embedded instance's configuration is the root ``dagster.yaml``, read from that one file."""

import os
from pathlib import Path

import yaml
from dagster import DagsterInstance

from jobintel_dagster.runs.instance import DEFAULT_HOME, ROOT_CONFIG, ensure_dagster_home, storage_description
from tests.conftest import REPO_ROOT


def test_the_default_home_links_to_the_root_file_even_over_an_old_copy(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    home = ensure_dagster_home()
    assert home == (tmp_path / DEFAULT_HOME).resolve()
    config = home / "dagster.yaml"
    assert config.is_symlink() and config.resolve() == ROOT_CONFIG
    config.unlink()
    config.write_text("telemetry: {enabled: true}\n")  # a copy an earlier version left behind
    monkeypatch.delenv("DAGSTER_HOME")
    ensure_dagster_home()
    assert config.is_symlink() and config.read_text() == ROOT_CONFIG.read_text()


def test_a_home_of_ones_own_keeps_its_config_and_gets_the_root_one_when_it_has_none(tmp_path, monkeypatch):
    own = tmp_path / "own"
    own.mkdir()
    (own / "dagster.yaml").write_text("telemetry: {enabled: false}\n")
    monkeypatch.setenv("DAGSTER_HOME", str(own))
    ensure_dagster_home()
    assert not (own / "dagster.yaml").is_symlink()
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "empty"))
    assert (ensure_dagster_home() / "dagster.yaml").resolve() == ROOT_CONFIG


def test_the_root_config_needs_no_postgresql_variables(tmp_path, monkeypatch):
    def env_names(node) -> list[str]:
        if isinstance(node, dict):
            return [
                *([node["env"]] if "env" in node else []),
                *(n for v in node.values() for n in env_names(v)),
            ]
        return [n for v in node for n in env_names(v)] if isinstance(node, list) else []

    assert env_names(yaml.safe_load(ROOT_CONFIG.read_text())) == []
    assert "DAGSTER_PG_HOST" in str(
        env_names(yaml.safe_load((REPO_ROOT / "deploy" / "dagster.yaml").read_text()))
    )
    for name in (
        "DAGSTER_PG_HOST",
        "DAGSTER_PG_PORT",
        "DAGSTER_PG_USER",
        "DAGSTER_PG_PASSWORD",
        "DAGSTER_PG_DB",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    ensure_dagster_home()
    with DagsterInstance.get() as instance:
        assert storage_description(instance) == f"SQLite in {tmp_path}"


def test_nothing_else_in_the_tree_is_an_instance_config():
    """One file per instance, not a copy that can drift (as ``deploy/local/dagster.yaml`` was)."""
    found = []
    for root, dirs, files in os.walk(REPO_ROOT):
        dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules"]  # .venv, .jobintel
        found += [str((Path(root) / f).relative_to(REPO_ROOT)) for f in files if f == "dagster.yaml"]
    assert sorted(found) == ["dagster.yaml", "deploy/dagster.yaml"]
