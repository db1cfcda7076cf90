"""The configuration reference in docs/ is the one the settings generate, and it covers every variable."""

import pytest

from jobintel_core.config.reference import END, START, render, settings_table
from jobintel_core.config.settings import Settings, env_names, load_settings
from tests.conftest import REPO_ROOT

DOC = REPO_ROOT / "docs" / "configuration.md"


def test_the_configuration_doc_equals_the_settings():
    text = DOC.read_text(encoding="utf-8")
    assert render(text) == text, "docs/configuration.md is stale: run `make docs`"


def test_every_setting_has_a_variable_and_a_description():
    table = settings_table()
    for name, field in Settings.model_fields.items():
        env = field.json_schema_extra["env"]
        assert field.description and f"| `{env}` |" in table, name
    assert len(env_names()) == len(Settings.model_fields)  # no two settings share a variable


def test_each_variable_sets_its_field():
    settings = load_settings(
        {"JOBINTEL_CLOSE_AFTER_MISSES": "3", "JOBINTEL_INDEX_KIND": "hnsw", "JOBINTEL_ENV": ""}
    )
    assert (settings.close_after_misses, settings.index_kind, settings.env) == (3, "hnsw", "local")


def test_render_needs_the_markers():
    with pytest.raises(ValueError, match="settings:start"):
        render("no markers here")
    assert render(f"a\n{START}\nold\n{END}\nb") == f"a\n{START}\n{settings_table()}\n{END}\nb"
