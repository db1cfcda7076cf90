"""De-duplication of postings, in layers from certain to probable.

1. same ``job_id`` (the same board followed twice, or a board repeating a record);
2. same canonical URL (URL variants already collapse through ``identity.canonical_url``);
3. same normalized company + title + first location **and** near-identical descriptions:
   ``rapidfuzz.fuzz.ratio`` (normalized Indel similarity, 0–100) of the plain texts at or above
   ``DESCRIPTION_SIMILARITY`` (92). Requiring the exact key first keeps two genuinely different
   openings with similar titles apart ("Backend Engineer, Payments" vs "…, Search"), and the text
   threshold keeps apart two openings with one title but different teams or duties.

Groups are formed with union-find, so A~B and B~C put A, B and C together. Nothing is dropped:
the representative keeps the others' ids in ``absorbed_ids``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from jobintel_core.base.words import fold

DESCRIPTION_SIMILARITY = 92.0

_LEGAL_SUFFIX = re.compile(r"\b(inc|llc|ltd|gmbh|ag|sa|bv|plc|corp|co|limited)\b\.?")


def dedup_key(company: str, title: str, locations: Sequence[str] | None) -> str:
    """Normalized company | title | first location: the blocking key of layer 3."""
    company_norm = " ".join(_LEGAL_SUFFIX.sub(" ", fold(company or "")).split())
    location = fold(locations[0]) if locations is not None and len(locations) else ""
    return f"{company_norm}|{fold(title or '')}|{location}"


def similar_descriptions(a: str, b: str, threshold: float = DESCRIPTION_SIMILARITY) -> bool:
    if not a and not b:
        return True
    return fuzz.ratio(a, b, score_cutoff=threshold) >= threshold


@dataclass(frozen=True)
class Candidate:
    """What de-duplication needs of a posting."""

    job_id: str
    url: str
    key: str
    text: str
    rank: tuple[bool, str, str]  # lower wins the representative slot (e.g. earliest posted_at, then job_id)


class _UnionFind:
    def __init__(self, items: Sequence[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


@dataclass(frozen=True)
class DuplicateGroup:
    representative: str
    members: tuple[str, ...]  # every job_id in the group, representative included, sorted
    layer: str  # the strongest rule that joined it: "single", "job_id", "url" or "content"


def group_duplicates(candidates: Sequence[Candidate]) -> list[DuplicateGroup]:
    """Group candidates that are the same job; deterministic for the same input set."""
    ordered = sorted(candidates, key=lambda c: (c.job_id, c.rank))
    unique_ids = list(dict.fromkeys(c.job_id for c in ordered))
    uf = _UnionFind(unique_ids)
    layer_of: dict[str, str] = {}
    by_id = defaultdict(list)
    for c in ordered:
        by_id[c.job_id].append(c)
    for job_id, same in by_id.items():
        if len(same) > 1:
            layer_of[job_id] = "job_id"
    by_url: dict[str, str] = {}
    for c in ordered:
        if c.url in by_url and uf.find(by_url[c.url]) != uf.find(c.job_id):
            uf.union(by_url[c.url], c.job_id)
            layer_of.setdefault(c.job_id, "url")
        by_url.setdefault(c.url, c.job_id)
    by_key: dict[str, list[Candidate]] = defaultdict(list)
    for c in ordered:
        by_key[c.key].append(c)
    for block in by_key.values():
        for i, a in enumerate(block):
            for b in block[i + 1 :]:
                if uf.find(a.job_id) != uf.find(b.job_id) and similar_descriptions(a.text, b.text):
                    uf.union(a.job_id, b.job_id)
                    layer_of.setdefault(b.job_id, "content")

    members: dict[str, list[Candidate]] = defaultdict(list)
    for c in ordered:
        members[uf.find(c.job_id)].append(c)
    groups = []
    for group in members.values():
        ids = sorted({c.job_id for c in group})
        best = min(group, key=lambda c: (c.rank, c.job_id))
        layers = {layer_of[i] for i in ids if i in layer_of}
        layer = next((name for name in ("job_id", "url", "content") if name in layers), "single")
        groups.append(DuplicateGroup(best.job_id, tuple(ids), layer))
    return sorted(groups, key=lambda g: g.representative)
