"""The day's index: exact below the size setting, IVF from it on, the same bytes on every rebuild,
stored by ``job_index`` and loaded by search with the same answers as a fresh build."""

from datetime import date

import faiss
import numpy as np
import pyarrow as pa
import pytest

from jobintel_core.matching.embeddings.embedding_cache import INDEX_SCHEMA, vector_column
from jobintel_core.matching.embeddings.encoder import DIMENSION
from jobintel_core.matching.embeddings.search import (
    IndexCache,
    drop_stored_index,
    load_index,
    store_index,
)
from jobintel_core.matching.embeddings.vector_index import (
    RECALL_TARGET,
    IndexPolicy,
    build_index,
    exact_hits,
    index_bytes,
    ivf_lists,
    recall_at_k,
    tune_probes,
)
from jobintel_core.storage.keys import index_manifest_key, stored_index_key, table_key
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.storage.tables import parquet_bytes

SIZE = 3_000
DAY = date(2026, 11, 20)


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


def _stored_table(store, ids, vectors):
    table = pa.Table.from_arrays(
        [pa.array(ids, pa.string()), vector_column(list(vectors))], schema=INDEX_SCHEMA
    )
    store.put(table_key("job_index", DAY.isoformat()), parquet_bytes(table))


def test_auto_is_exact_below_the_size_and_ivf_from_it_on():
    policy = IndexPolicy("auto", approximate_from=1_000)
    assert [policy.kind_for(n) for n in (0, 999, 1_000, 50_000)] == ["exact", "exact", "ivf", "ivf"]
    assert IndexPolicy("exact", 1).kind_for(10**6) == "exact"
    assert IndexPolicy("hnsw", 10**9).kind_for(5) == "hnsw"


def test_lists_grow_with_the_root_of_the_size_and_keep_enough_training_vectors():
    assert [ivf_lists(n) for n in (0, 100, 3_000, 100_000, 1_000_000)] == [1, 2, 64, 1024, 4096]


@pytest.mark.parametrize("kind", ["ivf", "hnsw"])
def test_an_approximate_index_finds_what_exact_finds(day, kind):
    ids, vectors, queries = day
    approximate, exact = build_index(ids, vectors, kind), build_index(ids, vectors, "exact")
    assert isinstance(exact.index, faiss.IndexFlatIP)
    if kind == "ivf":
        recalls = tune_probes(approximate, exact_hits(ids, vectors, queries), queries)
        *fewer, kept = recalls.values()  # probes rise until the target is reached, and stop there
        assert kept >= RECALL_TARGET and all(recall < RECALL_TARGET for recall in fewer)
        assert approximate.parameters()["nprobe"] == min(list(recalls)[-1], approximate.parameters()["lists"])
    recall = recall_at_k(approximate, exact, queries)
    print(f"{kind} recall@10 against exact at {SIZE} vectors: {recall:.4f}")
    assert recall >= RECALL_TARGET
    assert recall_at_k(exact, exact, queries) == 1.0


def test_exact_hits_without_an_index_are_the_exact_index_answers(day):
    ids, vectors, queries = day
    assert exact_hits(ids, vectors, queries) == build_index(ids, vectors, "exact").search(queries, 10)


@pytest.mark.parametrize("kind", ["ivf", "hnsw"])
def test_a_rebuild_gives_the_same_bytes_and_the_same_neighbours(day, kind):
    """An index depends on the order its vectors come in: it is built in id order on one thread,
    so the rows of a rebuild coming in another order change nothing, byte for byte."""
    ids, vectors, queries = day
    first = build_index(ids, vectors, kind)
    shuffled = np.random.default_rng(1).permutation(len(ids))
    again = build_index([ids[i] for i in shuffled], vectors[shuffled], kind)
    assert index_bytes(first) == index_bytes(again)
    assert first.search(queries, 10) == again.search(queries, 10)


@pytest.mark.parametrize("kind", ["exact", "ivf", "hnsw"])
def test_memory_counts_the_vectors_and_the_structure(day, kind):
    ids, vectors, _ = day
    index = build_index(ids, vectors, kind)
    if kind == "exact":
        assert index.memory_bytes() == SIZE * DIMENSION * 4
    assert abs(index.memory_bytes() - len(faiss.serialize_index(index.index))) < 2_000


def test_a_stored_index_loads_with_the_answers_of_a_fresh_build(day, tmp_path):
    ids, vectors, queries = day
    store = LocalObjectStore(tmp_path)
    built = build_index(ids, vectors, "ivf")
    built.set_probes(16)
    manifest = store_index(store, DAY, built, {"table_hash": "t"})
    assert (manifest["kind"], manifest["vectors"], manifest["nprobe"], manifest["table_hash"]) == (
        "ivf",
        SIZE,
        16,
        "t",
    )
    loaded = load_index(store, DAY)
    assert (loaded.kind, loaded.ids, loaded.parameters()) == ("ivf", built.ids, built.parameters())
    assert loaded.search(queries, 10) == built.search(queries, 10)
    assert index_bytes(loaded) == index_bytes(built)


def test_without_a_stored_index_the_table_vectors_are_searched_exactly(day, tmp_path):
    ids, vectors, queries = day
    store = LocalObjectStore(tmp_path)
    _stored_table(store, ids, vectors)
    store_index(store, DAY, build_index(ids, vectors, "ivf"), {})
    drop_stored_index(store, DAY)  # an exact day: nothing stored beside the table
    assert not store.exists(stored_index_key(DAY)) and not store.exists(index_manifest_key(DAY))
    loaded = load_index(store, DAY, IndexPolicy("auto", approximate_from=10**6))
    assert loaded.kind == "exact"
    assert loaded.search(queries, 10) == build_index(ids, vectors, "exact").search(queries, 10)


def test_the_cache_loads_again_only_when_the_manifest_or_the_table_changes(day, tmp_path):
    ids, vectors, _ = day
    store = LocalObjectStore(tmp_path)
    _stored_table(store, ids, vectors)
    cache = IndexCache()
    exact = cache.load(store, DAY)
    assert exact.kind == "exact" and cache.load(store, DAY) is exact  # no stored index: the table's
    _stored_table(store, ids[:-1], vectors[:-1])  # the table rewritten: read again
    assert cache.load(store, DAY) is not exact and len(cache.load(store, DAY).ids) == SIZE - 1
    store_index(store, DAY, build_index(ids, vectors, "ivf"), {})
    first = cache.load(store, DAY)
    assert first.kind == "ivf" and cache.load(store, DAY) is first
    changed = vectors.copy()
    changed[0] = changed[1]
    store_index(store, DAY, build_index(ids, changed, "ivf"), {})
    assert cache.load(store, DAY) is not first


def test_a_damaged_stored_index_is_refused_naming_both_objects(day, tmp_path):
    ids, vectors, _ = day
    store = LocalObjectStore(tmp_path)
    store_index(store, DAY, build_index(ids[:500], vectors[:500], "ivf"), {})
    data = bytearray(store.get(stored_index_key(DAY)))
    data[-1] ^= 0xFF
    store.put(stored_index_key(DAY), bytes(data))
    with pytest.raises(ValueError, match=r"job_index/2026-11-20\.faiss: its SHA-256 .*faiss\.json"):
        load_index(store, DAY)
