"""``search_at_scale``: the day's index at 100k and 1,000,000 jobs, as ``job_index`` builds it
(``vector_index.build_index``, FAISS on one thread) and search loads it.

Per size and kind (``SEARCH_KINDS``, default ``exact,ivf``; ``hnsw`` takes 6–15 minutes at 1M):
build time, the index's memory (``VectorIndex.memory_bytes``), the stored object's size and the
time to read it back (``index_bytes`` / ``index_from_bytes``, what search does instead of
building), p50/p95 latency of one query at a time (top 10, through ``VectorIndex.search``: FAISS
plus the tie-ordering) and recall@10 against exact on 200 queries. IVF is measured at each of
``PROBE_STEPS`` and at the probes ``tune_probes`` keeps (as ``job_index`` sets them, on stored
vectors as queries); the latency and recall reported for it are at those probes.

Vectors are clustered synthetic unit vectors (seeded; encoding 1M real texts would take ~1 hour
here with the int8 model), queries stored vectors moved by noise. Within a cluster the vectors are
isotropic noise, which makes the 10 nearest nearly as far as the 100th: harder for any approximate
index than real MiniLM job vectors (see ``bench/README.md`` for the comparison). To stay under
~5 GB at 1M the exact answers are computed without an index copy (``exact_hits``).
``SEARCH_SIZES`` (``100000,1000000``) picks the sizes; the load average is recorded beside them.
"""

from __future__ import annotations

import gc
import os
import resource
import time

import numpy as np

from jobintel_core.matching.embeddings.encoder import DIMENSION
from jobintel_core.matching.embeddings.vector_index import (
    PROBE_STEPS,
    IndexKind,
    VectorIndex,
    build_index,
    exact_hits,
    index_bytes,
    index_from_bytes,
    overlap_recall,
    tune_probes,
)

K, QUERIES = 10, 200


def clustered_vectors(size: int, rng: np.random.Generator, clusters: int = 500) -> np.ndarray:
    """Unit vectors around ``clusters`` centroids: closer to real job embeddings (which group by
    role) than uniform noise, on which no approximate index can find structure."""
    centroids = rng.normal(size=(clusters, DIMENSION)).astype(np.float32)
    members = rng.integers(clusters, size=size)
    vectors = np.empty((size, DIMENSION), np.float32)
    for start in range(0, size, 65_536):  # float64 noise for 1M vectors at once would take 3 GB
        rows = slice(start, min(size, start + 65_536))
        block = centroids[members[rows]] + rng.normal(scale=0.6, size=(len(members[rows]), DIMENSION))
        vectors[rows] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return vectors


def noisy_queries(vectors: np.ndarray, rng: np.random.Generator, count: int = QUERIES) -> np.ndarray:
    """Stored vectors moved by noise of norm ~0.3: a related, not identical, text."""
    queries = vectors[rng.choice(len(vectors), count, replace=False)]
    queries = queries + rng.normal(scale=0.3 / np.sqrt(DIMENSION), size=queries.shape).astype(np.float32)
    return queries / np.linalg.norm(queries, axis=1, keepdims=True)


def _latencies(index: VectorIndex, queries: np.ndarray) -> tuple[float, float]:
    times = []
    for query in queries:
        start = time.perf_counter()
        index.search(query[None, :], K)
        times.append(time.perf_counter() - start)
    return float(np.percentile(times, 50)) * 1000, float(np.percentile(times, 95)) * 1000


def _one_kind(
    ids: list[str], vectors: np.ndarray, queries: np.ndarray, truth: list, kind: IndexKind, size: int
) -> dict[str, object]:
    start = time.perf_counter()
    index = build_index(ids, vectors, kind)
    built = time.perf_counter() - start
    out: dict[str, object] = {f"{kind}_build_s_{size}": round(built, 1)}
    if kind == "ivf":
        for probes in PROBE_STEPS:  # the whole curve, then the probes job_index would keep
            index.set_probes(probes)
            p50, _ = _latencies(index, queries)
            recall = overlap_recall(truth, index.search(queries, K))
            out[f"ivf_nprobe_{probes}_{size}"] = f"p50 {p50:.3f} ms, recall {recall:.4f}"
        stored = vectors[:: max(1, size // QUERIES)][:QUERIES]  # job_index's own sample
        tune_probes(index, exact_hits(ids, vectors, stored), stored)
        out[f"ivf_parameters_{size}"] = index.parameters()
    if kind != "exact":  # an exact day stores no index: search copies the table's vectors
        data = index_bytes(index)
        start = time.perf_counter()
        index_from_bytes(data, "bench")
        out[f"{kind}_load_s_{size}"] = round(time.perf_counter() - start, 2)
        out[f"{kind}_stored_mb_{size}"] = round(len(data) / 2**20)
        del data
    p50, p95 = _latencies(index, queries)
    out |= {
        f"{kind}_index_mb_{size}": round(index.memory_bytes() / 2**20),
        f"{kind}_p50_ms_{size}": round(p50, 3),
        f"{kind}_p95_ms_{size}": round(p95, 3),
        f"{kind}_recall_at_{K}_{size}": round(overlap_recall(truth, index.search(queries, K)), 4),
    }
    return out


def run() -> dict[str, object]:
    sizes = [int(s) for s in os.environ.get("SEARCH_SIZES", "100000,1000000").split(",")]
    kinds: list[IndexKind] = os.environ.get("SEARCH_KINDS", "exact,ivf").split(",")  # type: ignore[assignment]
    out: dict[str, object] = {"load_average_at_start": os.getloadavg()[0]}
    for size in sizes:
        rng = np.random.default_rng(7)
        vectors = clustered_vectors(size, rng)
        ids = [f"{i:016x}" for i in range(size)]  # sorted: build_index keeps no second copy
        queries = noisy_queries(vectors, rng)
        truth = exact_hits(ids, vectors, queries, K)
        for kind in kinds:
            out |= _one_kind(ids, vectors, queries, truth, kind, size)
            gc.collect()
        out[f"load_average_after_{size}"] = os.getloadavg()[0]
        out[f"peak_rss_mb_after_{size}"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        del vectors, ids
        gc.collect()
    return out
