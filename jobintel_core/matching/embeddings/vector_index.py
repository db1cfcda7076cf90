"""FAISS over job vectors: exact inner product for a small day, HNSW from ``hnsw_from`` vectors on.

Vectors are L2-normalized, so inner product is cosine. ``exact`` (``IndexFlatIP``) is the
reference; ``hnsw`` (``IndexHNSWFlat``, M=32, efConstruction=40, efSearch=128) trades a little
recall for speed, and ``recall_at_k`` measures that trade against exact search on the same queries.
An exact query reads every vector (memory-bound, linear in the day's size), an HNSW query a few
thousand. FAISS runs on one thread here, for two reasons: the HNSW graph must be built in ``job_id``
order (FAISS's parallel insertion takes vertices in whatever order the threads reach them, so a
rebuild could link, and return, other neighbours), and one query spread over OpenMP threads on a shared, loaded
machine waits at each barrier for a descheduled thread (measured: exact at 20k, p50 40 ms on two
threads, 2–5 ms on one). Concurrent requests still use every core, each on its own thread.
Results are ordered by score, then ``job_id``, so equal scores come back in the same order on every
machine.
faiss is imported when an index is built, not with this module: loading the code location (every
provider run does) then costs no FAISS import (~0.2 s).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

import numpy as np

from jobintel_core.matching.embeddings.encoder import DIMENSION

if TYPE_CHECKING:
    import faiss

IndexKind = Literal["exact", "hnsw"]
IndexSetting = Literal["auto", "exact", "hnsw"]  # ``auto``: by size, see ``choose_kind``
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 32, 40, 128
_SCORE_DECIMALS = 6  # ties are judged at this precision, below float noise


@contextmanager
def _one_thread() -> Iterator[None]:
    """FAISS on the calling thread only (OpenMP's thread count is per calling thread)."""
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    try:
        yield
    finally:
        faiss.omp_set_num_threads(threads)


@dataclass
class VectorIndex:
    ids: list[str]
    index: faiss.Index
    kind: IndexKind

    def memory_bytes(self) -> int:
        """What the index holds: its float32 vectors and, for HNSW, the graph's links and levels."""
        size = self.index.ntotal * self.index.d * 4
        if self.kind == "hnsw":
            graph = cast("faiss.IndexHNSWFlat", self.index).hnsw
            arrays = (graph.neighbors, graph.offsets, graph.levels)  # type: ignore[attr-defined]  # not in stubs
            size += sum(array.size() * width for array, width in zip(arrays, (4, 8, 4), strict=True))
        return size

    def search(self, queries: np.ndarray, k: int) -> list[list[tuple[str, float]]]:
        """Top ``k`` (job_id, cosine) per query, ties broken by job_id."""
        if not self.ids:
            return [[] for _ in range(len(queries))]
        fetch = min(len(self.ids), k + 16)  # over-fetch so ties at the cut-off are ordered fairly
        with _one_thread():
            scores, positions = self.index.search(np.ascontiguousarray(queries, dtype=np.float32), fetch)
        results = []
        for row_scores, row_positions in zip(scores, positions, strict=True):
            hits = [(self.ids[p], float(s)) for s, p in zip(row_scores, row_positions, strict=True) if p >= 0]
            hits.sort(key=lambda hit: (-round(hit[1], _SCORE_DECIMALS), hit[0]))
            results.append(hits[:k])
        return results


@dataclass(frozen=True)
class IndexPolicy:
    """Which index a day gets (``JOBINTEL_INDEX_KIND``, ``JOBINTEL_HNSW_FROM``): ``setting`` itself
    unless it is ``auto``, which means exact below ``hnsw_from`` vectors and HNSW from there on."""

    setting: IndexSetting
    hnsw_from: int

    def kind_for(self, size: int) -> IndexKind:
        if self.setting == "auto":
            return "hnsw" if size >= self.hnsw_from else "exact"
        return self.setting


EXACT = IndexPolicy("exact", 0)


def build_index(ids: Sequence[str], vectors: np.ndarray, kind: IndexKind = "exact") -> VectorIndex:
    import faiss

    order = sorted(range(len(ids)), key=lambda i: ids[i])  # same input set, same index layout
    in_order = order == list(range(len(ids)))  # a stored index is: no second copy of its vectors
    matrix = (
        np.ascontiguousarray(vectors if in_order else vectors[order], dtype=np.float32)
        if len(ids)
        else np.zeros((0, DIMENSION), np.float32)
    )
    dimension = matrix.shape[1]
    index: faiss.Index
    if kind == "exact":
        index = faiss.IndexFlatIP(dimension)
    elif kind == "hnsw":
        hnsw = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        hnsw.hnsw.efSearch = HNSW_EF_SEARCH
        index = hnsw
    else:
        raise ValueError(f"index kind {kind!r}: expected 'exact' or 'hnsw'")
    if len(matrix):
        with _one_thread():  # insertion order fixed: the same graph on every rebuild
            index.add(matrix)
    return VectorIndex([ids[i] for i in order], index, kind)


def overlap_recall(wanted: list[list[tuple[str, float]]], got: list[list[tuple[str, float]]]) -> float:
    """Share of the ``wanted`` (exact) hits that ``got`` also holds, query by query."""
    total = sum(len(w) for w in wanted)
    if not total:
        return 1.0
    hits = sum(len({i for i, _ in w} & {i for i, _ in g}) for w, g in zip(wanted, got, strict=True))
    return hits / total


def recall_at_k(approximate: VectorIndex, exact: VectorIndex, queries: np.ndarray, k: int = 10) -> float:
    """Share of exact top-k ids that the approximate index also returns (1.0 for exact itself)."""
    if not len(queries) or not exact.ids:
        return 1.0
    return overlap_recall(exact.search(queries, k), approximate.search(queries, k))
