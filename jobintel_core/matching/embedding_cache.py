"""Vectors cached by (model id, text hash) in storage, and the embedding of postings through it.

* **Cache.** ``embedding_cache/<model id>/<first hex of text hash>.parquet`` in the same storage
  as everything else: a text embedded once is never embedded again, on any day or provider.
* **Cost control.** At most ``cap`` new texts are encoded per call; the rest are returned without
  a vector and counted, never silently dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from jobintel_core.matching.embedding_text import embedding_text, text_hash
from jobintel_core.matching.encoder import DIMENSION, TextEncoder
from jobintel_core.storage.keys import embedding_cache_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.storage.tables import frame_of, parquet_bytes, table_from_parquet

_CACHE_SCHEMA = pa.schema([("text_hash", pa.string()), ("vector", pa.list_(pa.float32()))])

EMBEDDINGS_SCHEMA = pa.schema([
    ("job_id", pa.string()),
    ("text_hash", pa.string()),
    ("model_id", pa.string()),
    ("vector", pa.list_(pa.float32())),
])
# The day's index: every open job's vector (FAISS is built from it when searched).
INDEX_SCHEMA = pa.schema([("job_id", pa.string()), ("vector", pa.list_(pa.float32()))])


class EmbeddingCache:
    """Vectors by text hash for one model, sharded by the hash's first hex digit."""

    def __init__(self, store: ObjectStore, model_id: str) -> None:
        self.store = store
        self.model_id = model_id

    def _load_shard(self, shard: str) -> dict[str, np.ndarray]:
        try:
            table = table_from_parquet(self.store.get(embedding_cache_key(self.model_id, shard)))
        except ObjectMissing:
            return {}
        return dict(zip(table.column("text_hash").to_pylist(), vector_matrix(table.column("vector")), strict=True))

    def get_many(self, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        for shard in sorted({h[0] for h in hashes}):
            entries = self._load_shard(shard)
            found.update({h: entries[h] for h in hashes if h[0] == shard and h in entries})
        return found

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        """Merge into the shards and rewrite each atomically (sorted: same content, same bytes).

        Each shard is read again here rather than reused from ``get_many``: provider runs embed
        concurrently, and merging into the freshest copy loses fewer of their entries."""
        by_shard: dict[str, dict[str, np.ndarray]] = defaultdict(dict)
        for h, v in vectors.items():
            by_shard[h[0]][h] = v
        for shard, new in sorted(by_shard.items()):
            entries = {**self._load_shard(shard), **new}
            hashes = sorted(entries)
            table = pa.Table.from_arrays([pa.array(hashes, pa.string()), vector_column([entries[h] for h in hashes])],
                                         schema=_CACHE_SCHEMA)
            self.store.put(embedding_cache_key(self.model_id, shard), parquet_bytes(table))


@dataclass
class EmbeddingStats:
    """``postings`` and ``not_embedded_cap`` count keys; ``from_cache`` keys served from the
    cache; ``encoded`` distinct texts encoded this call."""

    postings: int = 0
    from_cache: int = 0
    encoded: int = 0
    not_embedded_cap: int = 0


def embed_texts(
    texts: Mapping[str, str], encoder: TextEncoder, cache: EmbeddingCache, cap: int | None = None
) -> tuple[dict[str, np.ndarray | None], dict[str, str], EmbeddingStats]:
    """Vectors for ``{key: text}`` from the cache, encoding at most ``cap`` missing texts (None:
    no cap; 0: look up only). Returns vectors (None where not embedded), text hashes and counts."""
    hashes = {key: text_hash(text) for key, text in texts.items()}
    known = cache.get_many(sorted(set(hashes.values())))
    hits = sum(1 for h in hashes.values() if h in known)
    missing = sorted({h: key for key, h in hashes.items() if h not in known}.items())
    limit = len(missing) if cap is None else cap
    to_encode = missing[:limit]
    if to_encode:
        vectors = encoder.encode([texts[key] for _, key in to_encode])
        fresh = {h: vectors[i] for i, (h, _) in enumerate(to_encode)}
        cache.put_many(fresh)
        known.update(fresh)
    vectors_by_key = {key: known.get(h) for key, h in hashes.items()}
    stats = EmbeddingStats(postings=len(texts), from_cache=hits, encoded=len(to_encode),
                           not_embedded_cap=sum(v is None for v in vectors_by_key.values()))
    return vectors_by_key, hashes, stats


def embed_frame(
    frame: pd.DataFrame, encoder: TextEncoder, cache: EmbeddingCache, cap: int
) -> tuple[pd.DataFrame, EmbeddingStats]:
    """Vectors for every posting in ``frame`` (one row each, ``EMBEDDINGS_SCHEMA``)."""
    texts = {row["job_id"]: embedding_text(row) for row in frame.to_dict("records")}
    vectors, hashes, stats = embed_texts(texts, encoder, cache, cap)
    ids = sorted(texts)
    table = pa.Table.from_arrays([
        pa.array(ids, pa.string()), pa.array([hashes[i] for i in ids], pa.string()),
        pa.array([encoder.model_id] * len(ids), pa.string()), vector_column([vectors[i] for i in ids]),
    ], schema=EMBEDDINGS_SCHEMA)
    return frame_of(table), stats


def vector_column(vectors: Sequence[np.ndarray | None]) -> pa.Array:
    """``list<float32>`` of the vectors (null where None), built from one float32 buffer: no
    Python float per element (1,000 vectors: 384,000 of them)."""
    present = [np.asarray(v, np.float32).ravel() for v in vectors if v is not None]
    values = np.concatenate(present) if present else np.zeros(0, np.float32)
    sizes = np.array([0 if v is None else np.size(v) for v in vectors], dtype=np.int32)
    offsets = pa.array(np.concatenate([[0], np.cumsum(sizes, dtype=np.int32)]), pa.int32())
    mask = pa.array([v is None for v in vectors], pa.bool_()) if len(present) < len(vectors) else None
    return pa.ListArray.from_arrays(offsets, pa.array(values, pa.float32()), mask=mask)


def vector_matrix(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """A ``list<float32>`` column without nulls as one (rows × ``DIMENSION``) float32 matrix."""
    flat = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    return flat.flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False).reshape(len(flat), DIMENSION)


def stack_vectors(ids: Sequence[str], vectors: Mapping[str, np.ndarray]) -> np.ndarray:
    """``ids``' vectors as one float32 matrix (``len(ids)`` × ``DIMENSION``, also when empty)."""
    if not ids:
        return np.zeros((0, DIMENSION), np.float32)
    return np.stack([np.asarray(vectors[i], dtype=np.float32) for i in ids])
