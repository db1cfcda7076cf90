"""Vectors cached by (model id, text hash) in storage, and the embedding of postings through it.

* **Cache.** ``embedding_cache/<model id>/<first hex of text hash>/<part>.parquet`` in the same
  storage as everything else: a text embedded once is never embedded again, on any day or
  provider, and concurrent runs never lose each other's vectors (``EmbeddingCache``).
* **Cost control.** At most ``cap`` new texts are encoded per call; the rest are returned without
  a vector and counted, never silently dropped.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from jobintel_core.matching.embeddings.embedding_text import embedding_text, text_hash
from jobintel_core.matching.embeddings.encoder import DIMENSION, TextEncoder
from jobintel_core.storage.keys import (
    embedding_cache_part_key,
    embedding_cache_prefix,
    embedding_cache_shard,
    embedding_cache_written_ns,
)
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.storage.tables import frame_of, parquet_bytes, table_from_parquet

_CACHE_SCHEMA = pa.schema([("text_hash", pa.string()), ("vector", pa.list_(pa.float32()))])

EMBEDDINGS_SCHEMA = pa.schema(
    [
        ("job_id", pa.string()),
        ("text_hash", pa.string()),
        ("model_id", pa.string()),
        ("vector", pa.list_(pa.float32())),
    ]
)
# The day's index: every open job's vector (FAISS is built from it when searched).
INDEX_SCHEMA = pa.schema([("job_id", pa.string()), ("vector", pa.list_(pa.float32()))])


class EmbeddingCache:
    """Vectors by text hash for one model, sharded by the hash's first hex digit, each shard kept
    as append-only parts.

    Provider runs embed at the same time. A shard kept as one file that each writer read, merged and
    rewrote lost the entries of whichever writer replaced it first (the last writer won); the day's
    index then missed those jobs' vectors. Here a write only adds a part of its own, so no writer
    can remove another's vectors. A reader merges a shard's parts oldest first, and the oldest entry
    of a text wins: the same rule for every reader, and the first vector stored stays the vector.
    A writer that leaves a shard with more than ``COMPACT_AT`` parts merges the parts it read into
    one and only then deletes them, so every vector is always in one part or the other, and a part
    written meanwhile by someone else is kept.
    """

    COMPACT_AT = 4
    _LIST_ATTEMPTS = 5  # a part deleted by a compaction between list and read: list again

    def __init__(self, store: ObjectStore, model_id: str) -> None:
        self.store = store
        self.model_id = model_id

    def _listing(self) -> dict[str, list[str]]:
        """Every shard's parts from one listing (one request on S3), oldest first (name order)."""
        shards: dict[str, list[str]] = defaultdict(list)
        for key in sorted(self.store.list(embedding_cache_prefix(self.model_id))):
            shards[embedding_cache_shard(self.model_id, key)].append(key)
        return shards

    def _read_part(self, key: str) -> dict[str, np.ndarray]:
        table = table_from_parquet(self.store.get(key))
        return dict(
            zip(table.column("text_hash").to_pylist(), vector_matrix(table.column("vector")), strict=True)
        )

    def _merged(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """The entries of these parts, the oldest entry of a text winning (``ObjectMissing`` if a
        part is gone)."""
        entries: dict[str, np.ndarray] = {}
        for key in keys:
            for hash_, vector in self._read_part(key).items():
                entries.setdefault(hash_, vector)
        return entries

    def get_many(self, hashes: Sequence[str]) -> dict[str, np.ndarray]:
        wanted = set(hashes)
        for _ in range(self._LIST_ATTEMPTS):
            listing, found = self._listing(), {}
            try:
                for shard in sorted({h[0] for h in wanted}):
                    entries = self._merged(listing.get(shard, []))
                    found.update({h: entries[h] for h in wanted if h[0] == shard and h in entries})
            except ObjectMissing:
                continue  # compacted away after the listing: its vectors are in the merged part now
            return found
        raise RuntimeError(
            f"embedding cache {embedding_cache_prefix(self.model_id)} kept changing while it "
            f"was read ({self._LIST_ATTEMPTS} listings)"
        )

    def put_many(self, vectors: dict[str, np.ndarray]) -> None:
        """Add one part per shard touched (sorted: same content, same bytes), then compact shards
        that have grown past ``COMPACT_AT`` parts."""
        by_shard: dict[str, dict[str, np.ndarray]] = defaultdict(dict)
        for h, v in vectors.items():
            by_shard[h[0]][h] = v
        for shard, new in sorted(by_shard.items()):
            self._write_part(shard, new, time.time_ns())
        listing = self._listing()
        for shard in sorted(by_shard):
            if len(listing[shard]) > self.COMPACT_AT:
                self._compact(shard, listing[shard])

    def _write_part(self, shard: str, entries: Mapping[str, np.ndarray], written_ns: int) -> str:
        hashes = sorted(entries)
        data = parquet_bytes(
            pa.Table.from_arrays(
                [pa.array(hashes, pa.string()), vector_column([entries[h] for h in hashes])],
                schema=_CACHE_SCHEMA,
            )
        )
        key = embedding_cache_part_key(
            self.model_id, shard, written_ns, hashlib.sha256(data).hexdigest()[:16]
        )
        self.store.put(key, data)
        return key

    def _compact(self, shard: str, keys: Sequence[str]) -> None:
        """Merge these parts of the shard into one named by the oldest of them (so it keeps their
        place in the order) and delete them after it is written. A part that another compaction
        deleted first leaves this one undone: that compaction holds its vectors."""
        try:
            merged = self._merged(keys)
        except ObjectMissing:
            return
        kept = self._write_part(shard, merged, embedding_cache_written_ns(keys[0]))
        for key in keys:
            if key != kept:  # the merged part can be one of them, byte for byte
                self.store.delete(key)


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
    stats = EmbeddingStats(
        postings=len(texts),
        from_cache=hits,
        encoded=len(to_encode),
        not_embedded_cap=sum(v is None for v in vectors_by_key.values()),
    )
    return vectors_by_key, hashes, stats


def embed_frame(
    frame: pd.DataFrame, encoder: TextEncoder, cache: EmbeddingCache, cap: int
) -> tuple[pd.DataFrame, EmbeddingStats]:
    """Vectors for every posting in ``frame`` (one row each, ``EMBEDDINGS_SCHEMA``)."""
    texts = {row["job_id"]: embedding_text(row) for row in frame.to_dict("records")}
    vectors, hashes, stats = embed_texts(texts, encoder, cache, cap)
    ids = sorted(texts)
    table = pa.Table.from_arrays(
        [
            pa.array(ids, pa.string()),
            pa.array([hashes[i] for i in ids], pa.string()),
            pa.array([encoder.model_id] * len(ids), pa.string()),
            vector_column([vectors[i] for i in ids]),
        ],
        schema=EMBEDDINGS_SCHEMA,
    )
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


def matrix_column(matrix: np.ndarray) -> pa.Array:
    """``vector_column`` of a float32 matrix's rows, over the matrix's own buffer (no copy: a day's
    index at 55,000 jobs is 85 MB of vectors)."""
    rows, width = matrix.shape
    offsets = pa.array(np.arange(0, (rows + 1) * width, width, dtype=np.int32), pa.int32())
    values = pa.array(np.ascontiguousarray(matrix, dtype=np.float32).reshape(-1), pa.float32())
    return pa.ListArray.from_arrays(offsets, values)


def vector_matrix(column: pa.ChunkedArray | pa.Array) -> np.ndarray:
    """A ``list<float32>`` column without nulls as one (rows × ``DIMENSION``) float32 matrix."""
    flat = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    matrix: np.ndarray = (
        flat.flatten()
        .to_numpy(zero_copy_only=False)
        .astype(np.float32, copy=False)
        .reshape(len(flat), DIMENSION)
    )
    return matrix


def stack_vectors(ids: Sequence[str], vectors: Mapping[str, np.ndarray]) -> np.ndarray:
    """``ids``' vectors as one float32 matrix (``len(ids)`` × ``DIMENSION``, also when empty)."""
    if not ids:
        return np.zeros((0, DIMENSION), np.float32)
    return np.stack([np.asarray(vectors[i], dtype=np.float32) for i in ids])
