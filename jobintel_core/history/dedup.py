"""De-duplication of postings, in layers from certain to probable.

1. same ``job_id`` (the same board followed twice, or a board repeating a record);
2. same canonical URL (URL variants already collapse through ``identity.canonical_url``);
3. same normalized company + title + first location **and** near-identical descriptions:
   ``rapidfuzz.fuzz.ratio`` (normalized Indel similarity, 0–100) of the plain texts at or above
   ``DESCRIPTION_SIMILARITY`` (92). Requiring the exact key first keeps two genuinely different
   openings with similar titles apart ("Backend Engineer, Payments" vs "…, Search"), and the text
   threshold keeps apart two openings with one title but different teams or duties.

Groups are the connected components of those links (A~B and B~C put A, B and C together), so they
do not depend on the order links are found in. Nothing is dropped: the representative keeps the
others' ids in ``absorbed_ids``.

Columnar (``duplicate_groups``): a day's postings are an Arrow table; the URL and key blocks holding
more than one job id are found by Arrow group-bys, and only those (a few per thousand postings) are
walked in Python — a day of 51,000 distinct postings never builds a Python object per posting to
find that it has no duplicates. Keys fold each distinct company, title and location once.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz

from jobintel_core.base.words import fold

DESCRIPTION_SIMILARITY = 92.0

_LEGAL_SUFFIX = re.compile(r"\b(inc|llc|ltd|gmbh|ag|sa|bv|plc|corp|co|limited)\b\.?")


def _company_norm(company: str | None) -> str:
    return " ".join(_LEGAL_SUFFIX.sub(" ", fold(company or "")).split())


def dedup_key(company: str, title: str, locations: Sequence[str] | None) -> str:
    """Normalized company | title | first location: the blocking key of layer 3."""
    location = fold(locations[0]) if locations is not None and len(locations) else ""
    return f"{_company_norm(company)}|{fold(title or '')}|{location}"


def _each_distinct(values: pa.Array | pa.ChunkedArray, fn: Callable[[str | None], str]) -> pa.Array:
    """``fn`` of every value, called once per distinct value (companies and locations repeat)."""
    encoded = pc.dictionary_encode(values)
    if isinstance(encoded, pa.ChunkedArray):
        encoded = encoded.combine_chunks() if encoded.num_chunks else pa.array([], encoded.type)
    mapped = pa.array([fn(v) for v in encoded.dictionary.to_pylist()], pa.string())
    return pc.fill_null(mapped.take(encoded.indices), fn(None))


def dedup_keys(table: pa.Table) -> pa.Array:
    """``dedup_key`` of every row of a table with ``company``, ``title`` and ``locations``."""
    locations = table["locations"]
    listed = pc.fill_null(pc.greater(pc.list_value_length(locations), 0), False)
    first = pc.list_element(pc.if_else(listed, locations, pa.scalar([None], locations.type)), 0)
    return pc.binary_join_element_wise(
        _each_distinct(table["company"], _company_norm),
        _each_distinct(table["title"], lambda t: fold(t or "")),
        _each_distinct(first, fold),
        "|",
    )


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


@dataclass(frozen=True)
class DuplicateGroup:
    representative: str
    members: tuple[str, ...]  # every job_id in the group, representative included, sorted
    layer: str  # the strongest rule that joined it: "single", "job_id", "url" or "content"


def group_duplicates(candidates: Sequence[Candidate]) -> list[DuplicateGroup]:
    """Group candidates that are the same job; deterministic for the same input set."""
    ordered = sorted(candidates, key=lambda c: (c.rank, c.job_id))
    table = pa.table(
        {
            "job_id": pa.array([c.job_id for c in ordered], pa.string()),
            "url": pa.array([c.url for c in ordered], pa.string()),
            "key": pa.array([c.key for c in ordered], pa.string()),
            "description_text": pa.array([c.text for c in ordered], pa.string()),
        }
    )
    return duplicate_groups(table)


def _blocks(column: pa.ChunkedArray, node: np.ndarray) -> list[np.ndarray]:
    """Row positions of each value of ``column`` shared by more than one job (node), in row order."""
    pairs = pa.table({"value": column, "node": node})
    shared = pairs.group_by("value").aggregate([("node", "count_distinct")])
    shared = shared.filter(pc.greater(shared["node_count_distinct"], 1))["value"]
    if not len(shared):
        return []
    rows = np.flatnonzero(pc.is_in(column, value_set=shared.combine_chunks()).to_numpy(zero_copy_only=False))
    values = column.take(pa.array(rows)).to_pylist()
    by_value: dict[str, list[int]] = {}
    for row, value in zip(rows.tolist(), values, strict=True):
        by_value.setdefault(value, []).append(row)
    return [np.array(block) for block in by_value.values()]


def duplicate_groups(postings: pa.Table, order: np.ndarray | None = None) -> list[DuplicateGroup]:
    """The groups of a table of postings (``job_id``, ``url``, ``key``, ``description_text``):
    a group's representative is the job of its best-ranked row, ``order`` listing the rows best
    first (None: the table is in rank order), so the table itself is never copied into that order.
    Groups come sorted by representative."""
    ids = postings["job_id"]
    encoded = pc.dictionary_encode(ids.take(pa.array(order)) if order is not None else ids).combine_chunks()
    names: list[str] = encoded.dictionary.to_pylist()  # in order of first ranked row: rank order
    ranked = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    node = ranked if order is None else np.empty_like(ranked)
    if order is not None:
        node[order] = ranked  # each row's job, numbered in rank order
    parent = np.arange(len(names))

    def find(item: int) -> int:
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = int(parent[item])
        return item

    def union(a: int, b: int) -> None:
        root_a, root_b = find(a), find(b)
        if root_a != root_b:  # the lower node (better rank) stays the root
            parent[max(root_a, root_b)] = min(root_a, root_b)

    url_nodes: list[int] = []
    for block in _blocks(postings["url"], node):
        first = int(node[block[0]])
        for other in node[block[1:]].tolist():
            union(first, other)
        url_nodes.append(first)
    key_blocks = _blocks(postings["key"], node)
    texts = postings["description_text"]
    for block in key_blocks:
        block_texts = [t or "" for t in texts.take(pa.array(block)).to_pylist()]
        block_nodes = node[block].tolist()
        for i, a in enumerate(block_nodes):
            for j in range(i + 1, len(block_nodes)):
                b = block_nodes[j]
                if find(a) != find(b) and similar_descriptions(block_texts[i], block_texts[j]):
                    union(a, b)

    roots = np.array([find(i) for i in range(len(names))], dtype=np.int64)
    repeated = np.bincount(node, minlength=len(names)) > 1
    joined_by_url = {find(n) for n in url_nodes}
    sizes = np.bincount(roots, minlength=len(names))
    members: dict[int, list[int]] = {}
    for item in np.flatnonzero(sizes[roots] > 1).tolist():
        members.setdefault(int(roots[item]), []).append(item)
    groups = []
    for root in np.flatnonzero(roots == np.arange(len(names))).tolist():
        ids = members.get(root, [root])
        if repeated[ids].any():
            layer = "job_id"
        elif root in joined_by_url:
            layer = "url"
        else:
            layer = "content" if len(ids) > 1 else "single"
        groups.append(DuplicateGroup(names[root], tuple(sorted(names[i] for i in ids)), layer))
    return sorted(groups, key=lambda g: g.representative)
