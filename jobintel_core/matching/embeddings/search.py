"""Semantic search over a day's stored index (``job_index``): the query is encoded by the model the
index was built with and its nearest jobs by cosine are returned. ``jobintel search`` and the web
app's search page both use this. The query's vector is not put in the embedding cache: a search
stores nothing.

A day searched through an approximate index has it stored beside its table by ``job_index``
(``store_index``): the index object (``job_index/<day>.faiss``) and a small manifest naming its
digest (``job_index/<day>.faiss.json``), written in that order, each atomically. Search loads
that object instead of building the index (an IVF index over 1M vectors takes minutes to build,
seconds to read). An exact day needs no stored index: its vectors are read from the table and
copied into ``IndexFlatIP``, which is all an exact build does."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable
from datetime import date
from functools import partial
from typing import Any

import numpy as np
import pyarrow.compute as pc

from jobintel_core.matching.embeddings.encoder import DIMENSION, TextEncoder
from jobintel_core.matching.embeddings.vector_index import (
    EXACT,
    IndexPolicy,
    VectorIndex,
    build_index,
    index_bytes,
    index_from_bytes,
)
from jobintel_core.storage.keys import JOB_INDEX, index_manifest_key, stored_index_key, table_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.storage.tables import table_from_parquet


def store_index(store: ObjectStore, day: date, index: VectorIndex, facts: dict[str, Any]) -> dict[str, Any]:
    """Store ``index`` as the day's, then its manifest (``facts`` and the object's SHA-256, which
    a reader checks the object against): a reader that sees the manifest finds the index it names
    or a newer one, never half of one. Returns the manifest."""
    data = index_bytes(index)
    manifest = {
        "kind": index.kind,
        "vectors": len(index.ids),
        "bytes": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
        **index.parameters(),
        **facts,
    }
    store.put(stored_index_key(day), data)
    store.put(index_manifest_key(day), json.dumps(manifest, sort_keys=True).encode())
    return manifest


def drop_stored_index(store: ObjectStore, day: date) -> None:
    """A day searched exactly keeps no stored index (one left from an earlier, larger run would be
    loaded in place of the table's vectors)."""
    store.delete(index_manifest_key(day))
    store.delete(stored_index_key(day))


def stored_vectors(store: ObjectStore, day: date, data: bytes | None = None) -> tuple[list[str], np.ndarray]:
    """The day's ids and vectors from the ``job_index`` table (its bytes when already read), as
    Arrow (one flat float32 buffer, no per-row arrays)."""
    data = store.get(table_key(JOB_INDEX, day.isoformat())) if data is None else data
    table = table_from_parquet(data, columns=["job_id", "vector"])
    ids = table.column("job_id").to_pylist()
    flat = pc.list_flatten(table.column("vector")).to_numpy(zero_copy_only=False)
    return ids, np.ascontiguousarray(flat, dtype=np.float32).reshape(len(ids), DIMENSION)


def _manifest(store: ObjectStore, day: date) -> dict[str, Any] | None:
    try:
        return dict(json.loads(store.get(index_manifest_key(day))))
    except ObjectMissing:
        return None


def _load_stored(store: ObjectStore, day: date, manifest: dict[str, Any]) -> VectorIndex:
    key = stored_index_key(day)
    data = store.get(key)
    if hashlib.sha256(data).hexdigest() != manifest["sha256"]:
        raise ValueError(
            f"{store.uri(key)}: its SHA-256 is not the one {store.uri(index_manifest_key(day))} names "
            "(rewritten while being read, or damaged): search again, or rematerialize job_index"
        )
    return index_from_bytes(data, store.uri(key))


class IndexCache:
    """The last index loaded, kept while the day's manifest names the same stored object (each
    query reads the manifest, a few hundred bytes) or, for a day without one (exact), while the
    table's bytes have the same digest (hashing them takes a quarter of decoding them): a
    long-lived process (the web app) loads a day's index once, not once per query."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[date, str] | None = None
        self._index: VectorIndex | None = None

    def load(self, store: ObjectStore, day: date, policy: IndexPolicy = EXACT) -> VectorIndex:
        manifest = _manifest(store, day)
        load: Callable[[], VectorIndex]
        if manifest is None:
            data = store.get(table_key(JOB_INDEX, day.isoformat()))
            key = (day, hashlib.sha256(data).hexdigest())
            load = partial(_built, store, day, policy, data)
        else:
            key = (day, str(manifest["sha256"]))
            load = partial(_load_stored, store, day, manifest)
        with self._lock:  # concurrent requests for a new day wait for one load
            if self._key != key or self._index is None:
                self._index, self._key = load(), key
            return self._index


def load_index(store: ObjectStore, day: date, policy: IndexPolicy = EXACT) -> VectorIndex:
    """The day's index: the stored one when ``job_index`` stored one, else built from the table's
    vectors (exact; a day stored before indexes were kept gets ``policy``'s kind, built here)."""
    manifest = _manifest(store, day)
    return _built(store, day, policy) if manifest is None else _load_stored(store, day, manifest)


def _built(store: ObjectStore, day: date, policy: IndexPolicy, data: bytes | None = None) -> VectorIndex:
    ids, vectors = stored_vectors(store, day, data)
    return build_index(ids, vectors, policy.kind_for(len(ids)))


def search_index(index: VectorIndex, query: str, encoder: TextEncoder, k: int) -> list[tuple[str, float]]:
    """``[(job_id, cosine), …]``, nearest first, at most ``k``."""
    if not index.ids:
        return []
    [hits] = index.search(encoder.encode([query]), k)
    return hits
