"""Where the files shipped inside the package live (vocabularies, rates, bundled snapshots).

One constant, so a module can move between sub-packages without counting ``parents[n]``."""

from __future__ import annotations

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
