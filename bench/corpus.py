"""Benchmark corpora built from the same generator as the bundled snapshots (deterministic)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import build_snapshots as gen  # noqa: E402  (re-exported for other benchmarks)


def descriptions(count: int, seed: int = 7) -> list[str]:
    """``count`` description HTML documents across every company voice, role and edit kind."""
    rng = random.Random(seed)
    edits = [None, None, "description", "cosmetic"]
    out = []
    for index in range(count):
        company = gen.COMPANIES[index % len(gen.COMPANIES)]
        role = gen.ROLES[rng.randrange(len(gen.ROLES))]
        out.append(gen._html(company, role, rng, edits[index % len(edits)]))
    return out
