"""FAISS over job vectors: exact inner product by default, HNSW when the corpus is large.

Vectors are L2-normalized, so inner product is cosine. ``exact`` (``IndexFlatIP``) is the
reference; ``hnsw`` (``IndexHNSWFlat``, M=32, efSearch=128) trades a little recall for speed, and
``recall_at_k`` measures that trade against exact search on the same queries. Results are ordered
by score, then ``job_id``, so equal scores come back in the same order on every machine.
faiss is imported when an index is built, not with this module: loading the code location (every
provider run does) then costs no FAISS import (~0.2 s).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np

from jobintel_core.matching.embeddings.encoder import DIMENSION

if TYPE_CHECKING:
    import faiss

IndexKind = Literal["exact", "hnsw"]
_SCORE_DECIMALS = 6  # ties are judged at this precision, below float noise


@dataclass
class VectorIndex:
    ids: list[str]
    index: faiss.Index
    kind: IndexKind

    def search(self, queries: np.ndarray, k: int) -> list[list[tuple[str, float]]]:
        """Top ``k`` (job_id, cosine) per query, ties broken by job_id."""
        if not self.ids:
            return [[] for _ in range(len(queries))]
        fetch = min(len(self.ids), k + 16)  # over-fetch so ties at the cut-off are ordered fairly
        scores, positions = self.index.search(np.ascontiguousarray(queries, dtype=np.float32), fetch)
        results = []
        for row_scores, row_positions in zip(scores, positions, strict=True):
            hits = [(self.ids[p], float(s)) for s, p in zip(row_scores, row_positions, strict=True) if p >= 0]
            hits.sort(key=lambda hit: (-round(hit[1], _SCORE_DECIMALS), hit[0]))
            results.append(hits[:k])
        return results


def build_index(ids: Sequence[str], vectors: np.ndarray, kind: IndexKind = "exact") -> VectorIndex:
    import faiss

    order = sorted(range(len(ids)), key=lambda i: ids[i])  # same input set, same index layout
    matrix = (
        np.ascontiguousarray(vectors[order], dtype=np.float32)
        if len(ids)
        else np.zeros((0, DIMENSION), np.float32)
    )
    dimension = matrix.shape[1]
    if kind == "exact":
        index = faiss.IndexFlatIP(dimension)
    elif kind == "hnsw":
        index = faiss.IndexHNSWFlat(dimension, 32, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efSearch = 128
    else:
        raise ValueError(f"index kind {kind!r}: expected 'exact' or 'hnsw'")
    if len(matrix):
        index.add(matrix)
    return VectorIndex([ids[i] for i in order], index, kind)


def recall_at_k(approximate: VectorIndex, exact: VectorIndex, queries: np.ndarray, k: int = 10) -> float:
    """Share of exact top-k ids that the approximate index also returns (1.0 for exact itself)."""
    if not len(queries) or not exact.ids:
        return 1.0
    wanted = exact.search(queries, k)
    got = approximate.search(queries, k)
    hits = sum(len({i for i, _ in w} & {i for i, _ in g}) for w, g in zip(wanted, got, strict=True))
    return hits / sum(len(w) for w in wanted)
