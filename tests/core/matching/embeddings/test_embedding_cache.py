"""The embedding cache under the conditions runs put it in: several processes writing the same
shards at once, and compactions racing readers."""

import multiprocessing
from pathlib import Path

import numpy as np
import pytest

from jobintel_core.matching.embeddings.embedding_cache import EmbeddingCache, matrix_column, vector_column
from jobintel_core.matching.embeddings.encoder import DIMENSION
from jobintel_core.storage.keys import embedding_cache_prefix
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.storage.urls import open_store

MODEL = "model-under-test"
WRITERS, PUTS, PER_PUT = 4, 12, 24


def vectors_for(writer: int, put: int) -> dict[str, np.ndarray]:
    """Distinct text hashes over every shard (first hex digit) and a vector that names its hash."""
    out = {}
    for n in range(PER_PUT):
        text_hash = f"{n % 16:x}{writer:02d}{put:03d}{n:04d}"
        out[text_hash] = np.full(DIMENSION, writer * 10_000 + put * 100 + n, dtype=np.float32)
    return out


def write_many(store_url: str, writer: int, start: multiprocessing.Barrier, puts: int = PUTS) -> None:
    cache = EmbeddingCache(open_store(store_url), MODEL)
    start.wait()
    for put in range(puts):
        cache.put_many(vectors_for(writer, put))


def every_written(puts: int = PUTS) -> dict[str, np.ndarray]:
    return {h: v for w in range(WRITERS) for p in range(puts) for h, v in vectors_for(w, p).items()}


def assert_holds(cache: EmbeddingCache, expected: dict[str, np.ndarray]) -> None:
    found = cache.get_many(sorted(expected))
    assert sorted(set(expected) - set(found)) == []
    assert all(np.array_equal(found[h], v) for h, v in expected.items())


def test_writers_in_separate_processes_lose_no_vector(tmp_path):
    """Provider runs are separate processes that embed at the same time; each must find afterwards
    every vector any of them stored (a read-merge-rewrite of one file per shard lost some)."""
    start = multiprocessing.Barrier(WRITERS)
    workers = [
        multiprocessing.Process(target=write_many, args=(str(tmp_path), w, start)) for w in range(WRITERS)
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    cache = EmbeddingCache(LocalObjectStore(tmp_path), MODEL)
    assert_holds(cache, every_written())
    for shard in "0123456789abcdef":  # compaction kept each shard to a few parts
        assert len(cache._listing()[shard]) <= EmbeddingCache.COMPACT_AT + WRITERS


@pytest.mark.s3
def test_concurrent_writers_on_s3_lose_no_vector(s3_server):
    import threading

    url, puts = f"s3://{s3_server.bucket}/cache", 3  # moto answers a request in ~10 ms: fewer rounds
    start = threading.Barrier(WRITERS)
    threads = [threading.Thread(target=write_many, args=(url, w, start, puts)) for w in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert_holds(EmbeddingCache(open_store(url), MODEL), every_written(puts))


def test_the_first_vector_stored_stays_the_vector(tmp_path):
    cache = EmbeddingCache(LocalObjectStore(tmp_path), MODEL)
    first, second = np.full(DIMENSION, 1.0, np.float32), np.full(DIMENSION, 2.0, np.float32)
    cache.put_many({"a1": first})
    cache.put_many({"a1": second})  # a second run that encoded the same text at the same time
    assert np.array_equal(cache.get_many(["a1"])["a1"], first)
    for n in range(EmbeddingCache.COMPACT_AT + 1):  # through a compaction too
        cache.put_many({f"a{n + 2}": second})
    assert len(cache._listing()["a"]) <= EmbeddingCache.COMPACT_AT
    assert np.array_equal(cache.get_many(["a1"])["a1"], first)


class CompactingUnderTheReader(LocalObjectStore):
    """A store whose first read of a part lets another process's compaction run just before it."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.interrupted = False

    def get(self, key: str) -> bytes:
        if not self.interrupted and key.startswith(embedding_cache_prefix(MODEL) + "c/"):
            self.interrupted = True
            other = EmbeddingCache(LocalObjectStore(self.root), MODEL)
            other._compact("c", other._listing()["c"])
        return super().get(key)


def test_a_reader_whose_parts_were_compacted_after_listing_reads_again(tmp_path):
    writer = EmbeddingCache(LocalObjectStore(tmp_path), MODEL)
    expected = {f"c{n}": np.full(DIMENSION, float(n), np.float32) for n in range(3)}
    for text_hash, vector in expected.items():
        writer.put_many({text_hash: vector})
    store = CompactingUnderTheReader(tmp_path)
    assert_holds(EmbeddingCache(store, MODEL), expected)
    assert store.interrupted and len(writer._listing()["c"]) == 1


def test_a_matrix_column_is_the_vector_column_of_its_rows_without_a_copy():
    matrix = np.random.default_rng(0).standard_normal((5, DIMENSION)).astype(np.float32)
    column = matrix_column(matrix)
    assert column.equals(vector_column(list(matrix)))
    assert np.shares_memory(column.values.to_numpy(), matrix)
    assert matrix_column(np.zeros((0, DIMENSION), np.float32)).equals(vector_column([]))
