"""Benchmark corpora built from the same generator as the bundled snapshots (deterministic)."""

from __future__ import annotations

import random
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

import build_snapshots as gen


def postings(count: int, seed: int = 7, start: int = 0) -> Iterator[tuple[gen.Company, tuple, str]]:
    """``count`` postings as (company, role, description HTML), across every company voice, role
    and edit kind. Each description is written by the company it is posted under, about the role
    it is posted for, as on a real board: a posting whose text names another company keeps that
    company's blurb in its embedding text (``role_text`` trims only its own). ``start`` continues
    the company rotation, so postings numbered from ``start`` are consistent too."""
    rng = random.Random(seed)
    edits = [None, None, "description", "cosmetic"]
    for index in range(start, start + count):
        company = gen.COMPANIES[index % len(gen.COMPANIES)]
        role = gen.ROLES[rng.randrange(len(gen.ROLES))]
        yield company, role, gen._html(company, role, rng, edits[index % len(edits)])


def descriptions(count: int, seed: int = 7) -> list[str]:
    """``count`` description HTML documents (``postings``' descriptions)."""
    return [html for _company, _role, html in postings(count, seed)]
