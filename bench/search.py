"""``search_at_scale``: the day's index at 100k and 1,000,000 jobs, exact and HNSW, as built by
``vector_index.build_index`` (HNSW on one thread, the way ``job_index`` and search build it).

Per size and kind: build time, the index's memory (``VectorIndex.memory_bytes``: vectors and
graph), p50/p95 latency of one query at a time (top 10, through ``VectorIndex.search``: FAISS plus
the tie-ordering), and HNSW's recall@10 against exact on 200 queries. Vectors are clustered
synthetic unit vectors (seeded; encoding 1M real texts would take ~3.5 hours here at 12.4 s per
1,000), queries stored vectors moved by noise. To stay under ~4 GB at 1M (the vectors 1.5 GB, each
index another 1.5–1.8 GB) the exact index is dropped, its answers kept, before HNSW is built.
``SEARCH_SIZES`` (``100000,1000000``) picks the sizes; the load average is recorded beside them.
"""

from __future__ import annotations

import gc
import os
import resource
import time

import numpy as np

from jobintel_core.matching.embeddings.encoder import DIMENSION
from jobintel_core.matching.embeddings.vector_index import IndexKind, build_index, overlap_recall

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


def _one_kind(ids: list[str], vectors: np.ndarray, queries: np.ndarray, kind: IndexKind, size: int):
    start = time.perf_counter()
    index = build_index(ids, vectors, kind)
    built = time.perf_counter() - start
    latencies = []
    for query in queries:
        start = time.perf_counter()
        index.search(query[None, :], K)
        latencies.append(time.perf_counter() - start)
    hits = index.search(queries, K)
    figures = {
        f"{kind}_build_s_{size}": round(built, 2),
        f"{kind}_index_mb_{size}": round(index.memory_bytes() / 2**20),
        f"{kind}_p50_ms_{size}": round(float(np.percentile(latencies, 50)) * 1000, 3),
        f"{kind}_p95_ms_{size}": round(float(np.percentile(latencies, 95)) * 1000, 3),
    }
    return figures, hits


def run() -> dict[str, object]:
    sizes = [int(s) for s in os.environ.get("SEARCH_SIZES", "100000,1000000").split(",")]
    out: dict[str, object] = {"load_average_at_start": os.getloadavg()[0]}
    for size in sizes:
        rng = np.random.default_rng(7)
        vectors = clustered_vectors(size, rng)
        ids = [f"{i:016x}" for i in range(size)]  # sorted: build_index keeps no second copy
        queries = noisy_queries(vectors, rng)
        exact_figures, truth = _one_kind(ids, vectors, queries, "exact", size)
        gc.collect()
        hnsw_figures, approximate = _one_kind(ids, vectors, queries, "hnsw", size)
        out |= exact_figures | hnsw_figures
        out[f"hnsw_recall_at_{K}_{size}"] = round(overlap_recall(truth, approximate), 4)
        out[f"load_average_after_{size}"] = os.getloadavg()[0]
        out[f"peak_rss_mb_after_{size}"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        del vectors, ids
        gc.collect()
    return out
