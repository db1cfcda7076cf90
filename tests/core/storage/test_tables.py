"""The fingerprint every stored table is compared by: exact, and stable across a Parquet round trip."""

from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

from jobintel_core.base.identity import records_hash
from jobintel_core.matching.embeddings.embedding_cache import EMBEDDINGS_SCHEMA, vector_column
from jobintel_core.storage.tables import (
    _fingerprint_value,
    frame_from_parquet,
    frame_hash,
    frame_of,
    parquet_bytes,
)


def embeddings(vectors: list[np.ndarray | None]) -> pa.Table:
    ids = [f"{n:016x}" for n in range(len(vectors))]
    return pa.Table.from_arrays(
        [pa.array(ids), pa.array(ids), pa.array(["model"] * len(ids)), vector_column(vectors)],
        schema=EMBEDDINGS_SCHEMA,
    )


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
    assert frame_hash(frame_of(embeddings(vectors))) == frame_hash(
        frame_of(embeddings([v.copy() for v in vectors]))
    )


def cell_by_cell(frame: pd.DataFrame) -> str:
    """The fingerprint's definition, one cell at a time: what the column-wise ``frame_hash`` must equal."""
    columns = list(frame.columns)
    return records_hash(
        [
            {"__columns__": columns},
            *(
                {col: _fingerprint_value(value) for col, value in zip(columns, row, strict=True)}
                for row in frame.itertuples(index=False, name=None)
            ),
        ]
    )


def test_the_column_wise_fingerprint_equals_the_cell_by_cell_one():
    stamp = pd.Timestamp("2026-11-20T08:00:00Z")
    frame = pd.DataFrame(
        {
            "text": ["a", None, "ü"],
            "count": np.array([1, 2, 3], np.int64),
            "flag": [True, False, True],
            "score": [1.5, float("nan"), -0.0],
            "small": np.array([0.1, 2.5, np.nan], np.float32),
            "when": [stamp, pd.NaT, stamp],
            "day": [date(2026, 11, 20), None, date(2026, 11, 21)],
            "places": [["Berlin", "Remote"], [], None],
            "detail": [{"k": 1.0}, {"k": float("nan")}, {}],
            "vector": [np.ones(4, np.float32), np.zeros(4, np.float32), None],
            "nullable": pd.array([1, None, 3], dtype="Int64"),
        }
    )
    assert frame_hash(frame) == cell_by_cell(frame)
    table = pa.Table.from_pandas(frame.drop(columns=["detail"]), preserve_index=False)  # as stored
    stored = frame_from_parquet(parquet_bytes(table))
    assert frame_hash(stored) == cell_by_cell(stored)
    for edge in (frame.iloc[:0], pd.DataFrame(index=range(3)), pd.DataFrame()):
        assert frame_hash(edge) == cell_by_cell(edge)
