"""The fingerprint every stored table is compared by: exact, and stable across a Parquet round trip."""

import numpy as np
import pyarrow as pa

from jobintel_core.matching.embedding_cache import EMBEDDINGS_SCHEMA, vector_column
from jobintel_core.storage.tables import frame_from_parquet, frame_hash, frame_of, parquet_bytes


def embeddings(vectors: list[np.ndarray | None]) -> pa.Table:
    ids = [f"{n:016x}" for n in range(len(vectors))]
    return pa.Table.from_arrays([pa.array(ids), pa.array(ids), pa.array(["model"] * len(ids)),
                                 vector_column(vectors)], schema=EMBEDDINGS_SCHEMA)


def test_vectors_fingerprint_the_same_after_a_parquet_round_trip_nulls_included():
    rng = np.random.default_rng(7)
    vectors = [rng.standard_normal(384).astype(np.float32) for _ in range(20)] + [None]
    table = embeddings(vectors)
    assert frame_hash(frame_of(table)) == frame_hash(frame_from_parquet(parquet_bytes(table)))


def test_one_ulp_in_one_vector_changes_the_fingerprint():
    """Bytes, not rounded decimals: the smallest change a nondeterministic encoder could make shows."""
    rng = np.random.default_rng(8)
    vectors = [rng.standard_normal(384).astype(np.float32) for _ in range(5)]
    nudged = [v.copy() for v in vectors]
    nudged[3][100] = np.nextafter(nudged[3][100], np.float32(np.inf), dtype=np.float32)
    assert frame_hash(frame_of(embeddings(vectors))) != frame_hash(frame_of(embeddings(nudged)))
    assert frame_hash(frame_of(embeddings(vectors))) == frame_hash(frame_of(embeddings([v.copy() for v in vectors])))
