"""FAISS over job vectors: exact inner product for a small day, an inverted file (IVF) from
``approximate_from`` vectors on; HNSW on request.

Vectors are L2-normalized, so inner product is cosine. ``exact`` (``IndexFlatIP``) is the
reference. ``ivf`` (``IndexIVFFlat``) splits the vectors into ``ivf_lists(n)`` lists around k-means
centroids (trained on every n-th vector in ``job_id`` order, a fixed seed) and a query reads the
``nprobe`` lists nearest to it: exact distances over a few thousand vectors. ``job_index`` sets
``nprobe`` from the day's own vectors (the fewest probes, of ``PROBE_STEPS``, that find
``RECALL_TARGET`` of the exact top 10) and stores the index, so search loads it instead of building.
``hnsw`` (``IndexHNSWFlat``, M=32, efConstruction=40, efSearch=128) is kept as a choice: at 1M
vectors it took 6–15 minutes to build on one thread and found 0.898 of the exact top 10, where IVF
took ~2.5 minutes and found all of them in 0.4 ms (``bench/README.md``, ``search_at_scale``).

FAISS runs on one thread here, for two reasons: the index must come out the same from the same
vectors (HNSW's parallel insertion takes vertices in whatever order the threads reach them; k-means
sums in a thread-dependent order), and one query spread over OpenMP threads on a shared, loaded
machine waits at each barrier for a descheduled thread (measured: exact at 20k, p50 40 ms on two
threads, 2–5 ms on one). Concurrent requests still use every core, each on its own thread.
Results are ordered by score, then ``job_id``, so equal scores come back in the same order on every
machine.
faiss is imported when an index is built, not with this module: loading the code location (every
provider run does) then costs no FAISS import (~0.2 s).
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

import numpy as np

from jobintel_core.matching.embeddings.encoder import DIMENSION

if TYPE_CHECKING:
    import faiss

IndexKind = Literal["exact", "ivf", "hnsw"]
IndexSetting = Literal["auto", "exact", "ivf", "hnsw"]  # ``auto``: by size, see ``IndexPolicy``
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 32, 40, 128
# IVF: ~4·√n lists (a power of two), k-means on 40 vectors a list (FAISS warns below 39), 10
# iterations, a fixed seed — at 1M vectors 4,096 lists of ~244, trained on 163,840 of them.
IVF_TRAIN_PER_LIST, IVF_ITERATIONS, IVF_SEED = 40, 10, 1234
PROBE_STEPS = (8, 16, 32, 64, 128, 256)
DEFAULT_PROBES = 32  # an index built without measuring (a day stored before indexes were)
RECALL_TARGET = 0.95
_SCORE_DECIMALS = 6  # ties are judged at this precision, below float noise
_MAGIC = b"JOBINTEL-VECTOR-INDEX-1\n"


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
        """What the index holds: its float32 vectors; for IVF the centroids and each vector's list
        position (8 bytes), for HNSW the graph's links and levels."""
        size = self.index.ntotal * self.index.d * 4
        if self.kind == "ivf":
            size += self.index.nlist * self.index.d * 4 + self.index.ntotal * 8  # type: ignore[attr-defined]
        elif self.kind == "hnsw":
            graph = cast("faiss.IndexHNSWFlat", self.index).hnsw
            arrays = (graph.neighbors, graph.offsets, graph.levels)  # type: ignore[attr-defined]  # not in stubs
            size += sum(array.size() * width for array, width in zip(arrays, (4, 8, 4), strict=True))
        return size

    def parameters(self) -> dict[str, int]:
        """What decides this index's answers besides the vectors (recorded with a stored index)."""
        if self.kind == "ivf":
            ivf = cast("faiss.IndexIVFFlat", self.index)
            return {"lists": int(ivf.nlist), "nprobe": int(ivf.nprobe)}
        if self.kind == "hnsw":
            graph = cast("faiss.IndexHNSWFlat", self.index).hnsw
            return {"m": HNSW_M, "ef_construction": graph.efConstruction, "ef_search": graph.efSearch}
        return {}

    def set_probes(self, nprobe: int) -> None:
        cast("faiss.IndexIVFFlat", self.index).nprobe = nprobe

    def search(self, queries: np.ndarray, k: int) -> list[list[tuple[str, float]]]:
        """Top ``k`` (job_id, cosine) per query, ties broken by job_id."""
        if not self.ids:
            return [[] for _ in range(len(queries))]
        fetch = min(len(self.ids), k + 16)  # over-fetch so ties at the cut-off are ordered fairly
        with _one_thread():
            scores, positions = self.index.search(np.ascontiguousarray(queries, dtype=np.float32), fetch)
        return [
            _ordered(self.ids, row_scores, row_positions, k)
            for row_scores, row_positions in zip(scores, positions, strict=True)
        ]


def _ordered(ids: list[str], scores: np.ndarray, positions: np.ndarray, k: int) -> list[tuple[str, float]]:
    hits = [(ids[p], float(s)) for s, p in zip(scores, positions, strict=True) if p >= 0]
    hits.sort(key=lambda hit: (-round(hit[1], _SCORE_DECIMALS), hit[0]))
    return hits[:k]


@dataclass(frozen=True)
class IndexPolicy:
    """Which index a day gets (``JOBINTEL_INDEX_KIND``, ``JOBINTEL_APPROXIMATE_FROM``): ``setting``
    itself unless it is ``auto``, which means exact below ``approximate_from`` vectors and IVF from
    there on."""

    setting: IndexSetting
    approximate_from: int

    def kind_for(self, size: int) -> IndexKind:
        if self.setting == "auto":
            return "ivf" if size >= self.approximate_from else "exact"
        return self.setting


EXACT = IndexPolicy("exact", 0)


def ivf_lists(size: int) -> int:
    """~4·√size lists, a power of two, halved until each has 39 training vectors (FAISS's own
    floor for a useful k-means)."""
    lists = 1 << round(math.log2(max(1.0, 4 * math.sqrt(size))))
    while lists > 1 and lists * 39 > size:
        lists //= 2
    return lists


def in_id_order(ids: Sequence[str], vectors: np.ndarray) -> tuple[list[str], np.ndarray]:
    """The ids sorted and their vectors in that order, float32: the same input set, the same index
    layout. A matrix already in order (a stored index is) is not copied."""
    order = sorted(range(len(ids)), key=lambda i: ids[i])
    if not len(ids):
        return [], np.zeros((0, DIMENSION), np.float32)
    in_order = order == list(range(len(ids)))
    return [ids[i] for i in order], np.ascontiguousarray(
        vectors if in_order else vectors[order], dtype=np.float32
    )


def build_index(ids: Sequence[str], vectors: np.ndarray, kind: IndexKind = "exact") -> VectorIndex:
    import faiss

    ordered, matrix = in_id_order(ids, vectors)
    dimension = matrix.shape[1]
    index: faiss.Index
    if kind == "exact":
        index = faiss.IndexFlatIP(dimension)
    elif kind == "ivf":
        lists = ivf_lists(len(matrix))
        ivf = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, lists, faiss.METRIC_INNER_PRODUCT)
        ivf.cp.niter, ivf.cp.seed = IVF_ITERATIONS, IVF_SEED
        ivf.cp.max_points_per_centroid = 1 << 30  # train on exactly the sample given, not FAISS's own
        ivf.nprobe = min(DEFAULT_PROBES, lists)
        index = ivf
        if len(matrix):
            step = max(1, len(matrix) // (lists * IVF_TRAIN_PER_LIST))
            with _one_thread():
                ivf.train(np.ascontiguousarray(matrix[::step]))
    elif kind == "hnsw":
        hnsw = faiss.IndexHNSWFlat(dimension, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        hnsw.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        hnsw.hnsw.efSearch = HNSW_EF_SEARCH
        index = hnsw
    else:
        raise ValueError(f"index kind {kind!r}: expected 'exact', 'ivf' or 'hnsw'")
    if len(matrix):
        with _one_thread():  # insertion order fixed: the same index on every rebuild
            index.add(matrix)
    return VectorIndex(ordered, index, kind)


def exact_hits(
    ids: Sequence[str], vectors: np.ndarray, queries: np.ndarray, k: int = 10
) -> list[list[tuple[str, float]]]:
    """What an exact index answers, from the vectors as they are (no index copy of them: at 1M
    vectors that copy is 1.5 GB); ``ids`` sorted, ``vectors`` in their order."""
    import faiss

    if not len(ids):
        return [[] for _ in range(len(queries))]
    fetch = min(len(ids), k + 16)
    with _one_thread():
        scores, positions = faiss.knn(
            np.ascontiguousarray(queries, dtype=np.float32),
            np.ascontiguousarray(vectors, dtype=np.float32),
            fetch,
            metric=faiss.METRIC_INNER_PRODUCT,
        )
    ordered = list(ids)
    return [_ordered(ordered, s, p, k) for s, p in zip(scores, positions, strict=True)]


def tune_probes(
    index: VectorIndex, truth: list[list[tuple[str, float]]], queries: np.ndarray
) -> dict[int, float]:
    """Recall@10 at each of ``PROBE_STEPS`` up to the first that reaches ``RECALL_TARGET``, whose
    probes the index keeps (the last step when none does: the caller reports the recall)."""
    recalls: dict[int, float] = {}
    lists = cast("faiss.IndexIVFFlat", index.index).nlist
    for probes in PROBE_STEPS:
        index.set_probes(min(probes, lists))
        recalls[probes] = overlap_recall(truth, index.search(queries, 10))
        if recalls[probes] >= RECALL_TARGET or probes >= lists:
            break
    return recalls


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


def index_bytes(index: VectorIndex) -> bytes:
    """The index as one object: a header (kind, size, parameters), the ids, FAISS's own bytes.
    The same vectors give the same bytes (one thread, ids in order: tested)."""
    import faiss

    ids = "\n".join(index.ids).encode()
    header = json.dumps(
        {"kind": index.kind, "vectors": len(index.ids), "ids_bytes": len(ids), **index.parameters()},
        sort_keys=True,
    ).encode()
    body: np.ndarray = faiss.serialize_index(index.index)
    return b"".join([_MAGIC, struct.pack("<Q", len(header)), header, ids, body.data])


def index_from_bytes(data: bytes, source: str) -> VectorIndex:
    """``index_bytes`` read back; ``source`` (the object's URI) names what is wrong with bad bytes."""
    import faiss

    if not data.startswith(_MAGIC):
        raise ValueError(f"{source}: not a stored vector index (no {_MAGIC!r} header)")
    start = len(_MAGIC) + 8
    (length,) = struct.unpack_from("<Q", data, len(_MAGIC))
    header: dict[str, Any] = json.loads(data[start : start + length])
    ids_end = start + length + header["ids_bytes"]
    ids = data[start + length : ids_end].decode().split("\n") if header["vectors"] else []
    index = faiss.deserialize_index(np.frombuffer(data, dtype=np.uint8, offset=ids_end))
    if (
        index.ntotal != len(ids)
        or len(ids) != header["vectors"]
        or header["kind"] not in ("exact", "ivf", "hnsw")
    ):
        raise ValueError(
            f"{source}: header says {header['vectors']} {header['kind']} vectors, "
            f"the index holds {index.ntotal} and {len(ids)} ids"
        )
    return VectorIndex(ids, index, header["kind"])
