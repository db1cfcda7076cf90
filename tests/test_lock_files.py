"""The lock files hold what pyproject.toml asks for: every dependency of the runtime and of the dev
extra pinned at a version its range allows, each pin with its hashes, and the image's runtime lock
the very same pins and hashes as the full one. A dependency added to pyproject.toml without
``make lock`` fails here (docs/dependencies.md#the-lock-file)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import NamedTuple

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
_PIN = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)(?:\[[^\]]*\])?==(?P<version>\S+)")
_HASH = re.compile(r"--hash=(sha256:[0-9a-f]{64})")


class Pin(NamedTuple):
    version: Version
    hashes: frozenset[str]


def _pins(name: str) -> dict[str, Pin]:
    """The pins of a lock file written by ``uv pip compile --generate-hashes``: a ``name==version``
    line, then its ``--hash`` lines, then ``# via`` comments."""
    pins: dict[str, Pin] = {}
    for entry in re.split(r"\n(?=\S)", (REPO / name).read_text()):
        if entry.startswith("#"):
            continue
        match = _PIN.match(entry)
        assert match, f"{name}: not a pin: {entry[:80]!r}"
        pins[canonicalize_name(match["name"])] = Pin(
            Version(match["version"]), frozenset(_HASH.findall(entry))
        )
    return pins


def _declared() -> tuple[list[Requirement], list[Requirement]]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    runtime = [Requirement(spec) for spec in project["dependencies"]]
    dev = [Requirement(spec) for spec in project["optional-dependencies"]["dev"]]
    return runtime, dev


def _assert_locked(requirements: list[Requirement], pins: dict[str, Pin], lock: str) -> None:
    for requirement in requirements:
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue
        pin = pins.get(canonicalize_name(requirement.name))
        assert pin is not None, f"{requirement} is not in {lock}: run `make lock`"
        assert requirement.specifier.contains(pin.version, prereleases=True), (
            f"{lock} pins {requirement.name}=={pin.version}, outside {requirement}: run `make lock`"
        )


def test_every_declared_dependency_is_locked_within_its_range():
    runtime, dev = _declared()
    _assert_locked(runtime + dev, _pins("requirements.lock"), "requirements.lock")
    _assert_locked(runtime, _pins("requirements-runtime.lock"), "requirements-runtime.lock")


def test_every_pin_has_hashes_and_the_image_lock_is_the_same_pins():
    full, runtime = _pins("requirements.lock"), _pins("requirements-runtime.lock")
    assert all(pin.hashes for pin in full.values())
    assert {name: full.get(name) for name in runtime} == runtime
    assert len(runtime) < len(full)  # the dev tools stay out of the image


def test_torch_is_the_cpu_build():
    """PyPI's torch of the same release is the CUDA build, which pulls ~3 GB of nvidia packages."""
    for lock in ("requirements.lock", "requirements-runtime.lock"):
        pins = _pins(lock)
        assert pins["torch"].version.local == "cpu", lock
        assert not [name for name in pins if name.startswith("nvidia-")], lock
