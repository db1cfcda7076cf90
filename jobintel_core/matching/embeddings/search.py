"""Semantic search over a day's stored index (``job_index``): the query is encoded by the model the
index was built with and its nearest jobs by cosine are returned. ``jobintel search`` and the web
app's search page both use this. The query's vector is not put in the embedding cache: a search
stores nothing."""

from __future__ import annotations

import hashlib
import threading

import numpy as np
import pandas as pd

from jobintel_core.matching.embeddings.embedding_cache import stack_vectors
from jobintel_core.matching.embeddings.encoder import TextEncoder
from jobintel_core.matching.embeddings.vector_index import (
    EXACT,
    IndexKind,
    IndexPolicy,
    VectorIndex,
    build_index,
)


class IndexCache:
    """The last index built, reused while the day's ids and vectors are the same bytes: a long-lived
    process (the web app) then builds an HNSW graph once per stored index, not once per query (the
    graph takes seconds per 10,000 vectors to build; hashing the vectors, milliseconds)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: tuple[IndexKind, bytes] | None = None
        self._index: VectorIndex | None = None

    def index(self, ids: list[str], vectors: np.ndarray, kind: IndexKind) -> VectorIndex:
        digest = hashlib.blake2b("\n".join(ids).encode(), digest_size=16)
        digest.update(np.ascontiguousarray(vectors, dtype=np.float32).data.cast("B"))
        key = (kind, digest.digest())
        with self._lock:  # concurrent requests for a new day wait for one build
            if self._key != key or self._index is None:
                self._index, self._key = build_index(ids, vectors, kind), key
            return self._index


def search_index(
    index_frame: pd.DataFrame,
    query: str,
    encoder: TextEncoder,
    k: int,
    policy: IndexPolicy = EXACT,
    cache: IndexCache | None = None,
) -> list[tuple[str, float]]:
    """``[(job_id, cosine), …]``, nearest first, at most ``k``; the index kind ``policy`` gives for
    the day's size (the one ``job_index`` measured the recall of), from ``cache`` when given."""
    if index_frame.empty:
        return []
    ids = list(index_frame["job_id"])
    vectors = stack_vectors(ids, dict(zip(ids, index_frame["vector"], strict=True)))
    kind = policy.kind_for(len(ids))
    index = cache.index(ids, vectors, kind) if cache else build_index(ids, vectors, kind)
    [hits] = index.search(encoder.encode([query]), k)
    return hits
