"""The day's index: exact below the size setting, HNSW from it on, the same graph on every rebuild."""

import faiss
import numpy as np
import pytest

from jobintel_core.matching.embeddings.encoder import DIMENSION
from jobintel_core.matching.embeddings.search import IndexCache
from jobintel_core.matching.embeddings.vector_index import IndexPolicy, build_index, recall_at_k

SIZE = 3_000


@pytest.fixture(scope="module")
def day():
    """Unit vectors around 60 centroids (jobs group by role) and queries near stored ones."""
    rng = np.random.default_rng(5)
    centroids = rng.normal(size=(60, DIMENSION))
    vectors = centroids[rng.integers(60, size=SIZE)] + rng.normal(scale=0.6, size=(SIZE, DIMENSION))
    vectors = (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)
    queries = vectors[:100] + rng.normal(scale=0.3 / np.sqrt(DIMENSION), size=(100, DIMENSION))
    queries = (queries / np.linalg.norm(queries, axis=1, keepdims=True)).astype(np.float32)
    return [f"job-{i:05d}" for i in range(SIZE)], vectors, queries


def test_auto_is_exact_below_the_size_and_hnsw_from_it_on():
    policy = IndexPolicy("auto", hnsw_from=1_000)
    assert [policy.kind_for(n) for n in (0, 999, 1_000, 50_000)] == ["exact", "exact", "hnsw", "hnsw"]
    assert IndexPolicy("exact", 1).kind_for(10**6) == "exact"
    assert IndexPolicy("hnsw", 10**9).kind_for(5) == "hnsw"


def test_hnsw_above_the_size_finds_what_exact_finds(day):
    ids, vectors, queries = day
    policy = IndexPolicy("auto", hnsw_from=1_000)
    hnsw = build_index(ids, vectors, policy.kind_for(len(ids)))
    exact = build_index(ids, vectors, "exact")
    assert (hnsw.kind, exact.kind) == ("hnsw", "exact")
    assert isinstance(hnsw.index, faiss.IndexHNSWFlat) and isinstance(exact.index, faiss.IndexFlatIP)
    recall = recall_at_k(hnsw, exact, queries)
    print(f"HNSW recall@10 against exact at {SIZE} vectors: {recall:.4f}")
    assert recall >= 0.95
    assert recall_at_k(exact, exact, queries) == 1.0


def test_a_rebuild_gives_the_same_graph_and_the_same_neighbours(day):
    """The graph depends on insertion order: the index is built in id order on one thread, so the
    rows of a rebuild coming in another order change nothing, byte for byte."""
    ids, vectors, queries = day
    first = build_index(ids, vectors, "hnsw")
    shuffled = np.random.default_rng(1).permutation(len(ids))
    again = build_index([ids[i] for i in shuffled], vectors[shuffled], "hnsw")
    assert bytes(faiss.serialize_index(first.index)) == bytes(faiss.serialize_index(again.index))
    assert first.search(queries, 10) == again.search(queries, 10)


def test_memory_counts_the_vectors_and_the_graph(day):
    ids, vectors, _ = day
    exact, hnsw = build_index(ids, vectors, "exact"), build_index(ids, vectors, "hnsw")
    assert exact.memory_bytes() == SIZE * DIMENSION * 4
    assert abs(hnsw.memory_bytes() - len(faiss.serialize_index(hnsw.index))) < 1_000


def test_the_cache_builds_again_only_when_the_vectors_change(day):
    ids, vectors, _ = day
    cache = IndexCache()
    first = cache.index(ids, vectors, "hnsw")
    assert cache.index(list(ids), vectors.copy(), "hnsw") is first
    assert cache.index(ids, vectors, "exact").kind == "exact"
    changed = vectors.copy()
    changed[0] = changed[1]
    assert cache.index(ids, changed, "exact") is not cache.index(ids, vectors, "exact")
