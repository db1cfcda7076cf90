from pathlib import Path

import pytest

from jobintel_core.config.registry import RegistryError, load_registry


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "providers.yaml"
    path.write_text(text)
    return path


def test_bundled_registry_loads(bundled_registry):
    assert bundled_registry.enabled_keys() == [
        "bluefin-health",
        "helio-labs",
        "lumen-ai",
        "northwind",
        "quanta-robotics",
        "tidal-energy",
    ]
    assert {p.ats for p in bundled_registry.enabled()} == {"greenhouse", "lever", "ashby"}


def test_error_names_file_entry_and_field(tmp_path):
    path = write(
        tmp_path,
        """
providers:
  - {key: good, company: Good, ats: lever, board: good}
  - {key: bad-one, company: Bad, ats: workday, board: bad}
""",
    )
    with pytest.raises(RegistryError) as err:
        load_registry(path)
    message = str(err.value)
    assert str(path) in message and "providers[1]" in message and "bad-one" in message
    assert "field 'ats'" in message


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ("{key: 'Has|Pipe', company: X, ats: lever, board: x}", "key"),
        ("{key: ok, company: '  ', ats: lever, board: x}", "company"),
        ("{key: ok, company: X, ats: lever}", "board"),
        ("{key: ok, company: X, ats: lever, board: x, boardd: y}", "boardd"),
    ],
)
def test_invalid_fields_are_named(tmp_path, entry, field):
    with pytest.raises(RegistryError, match=f"field '{field}'"):
        load_registry(write(tmp_path, f"providers:\n  - {entry}\n"))


def test_duplicate_keys_and_bad_documents(tmp_path):
    with pytest.raises(RegistryError, match=r"providers\[1\].*duplicate of providers\[0\]"):
        load_registry(
            write(
                tmp_path,
                "providers:\n  - {key: a, company: A, ats: ashby, board: a}\n"
                "  - {key: a, company: B, ats: ashby, board: b}\n",
            )
        )
    with pytest.raises(RegistryError, match="not valid YAML"):
        load_registry(write(tmp_path, "providers: [unclosed"))
    with pytest.raises(RegistryError, match="'providers:' list"):
        load_registry(write(tmp_path, "- just a list"))
    with pytest.raises(RegistryError, match="not found"):
        load_registry(tmp_path / "missing.yaml")


def test_disabled_providers_are_not_partitions(tmp_path):
    registry = load_registry(
        write(
            tmp_path,
            "providers:\n  - {key: b, company: B, ats: lever, board: b}\n"
            "  - {key: a, company: A, ats: lever, board: a, enabled: false}\n",
        )
    )
    assert registry.enabled_keys() == ["b"]


def test_live_fields_are_validated_with_names(tmp_path):
    path = tmp_path / "providers.yaml"
    path.write_text("providers:\n  - {key: page, company: P, ats: jsonld, board: p}\n")
    with pytest.raises(
        RegistryError, match=r"providers\[0\] \(key='page'\): field 'url': .*required for ats: jsonld"
    ):
        load_registry(path)
    path.write_text("providers:\n  - {key: gh, company: G, ats: greenhouse, board: g, fetch: {rps: 0}}\n")
    with pytest.raises(RegistryError, match=r"field 'fetch': .*field 'rps'"):
        load_registry(path)
    path.write_text("providers:\n  - {key: gh, company: G, ats: greenhouse, board: g, fetch: {speed: 3}}\n")
    with pytest.raises(RegistryError, match=r"field 'speed'"):
        load_registry(path)
