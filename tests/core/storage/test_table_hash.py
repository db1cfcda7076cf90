"""``table_hash`` (an Arrow table, a batch at a time) gives ``frame_hash``'s digest of the same
table as pandas: on every column type the stored tables use, with batches small enough that a
column has nulls in one batch and none in the next (pandas makes such an integer column float)."""

from datetime import UTC, date, datetime

import numpy as np
import pyarrow as pa
import pytest

from jobintel_core.history.tracking import HISTORY_SCHEMA
from jobintel_core.storage.tables import frame_hash, frame_of, table_hash


def tricky_table() -> pa.Table:
    vectors = [np.array([0.1, -2.5, 3.0], np.float32), None, np.array([1e-8, 0.0, 7.0], np.float32)] * 2
    return pa.table(
        {
            "text": ['Ünïcode "quoted"\n', None, "plain", "", "tab\there", "日本"],
            "count": pa.array([1, 2, 3, None, 5, 6], pa.int32()),  # null only in the 2nd batch of 3
            "whole": pa.array([1, 2, 3, 4, 5, 6], pa.int64()),
            "ratio": [0.5, float("nan"), None, 1e20, -0.0, 3.0],
            "flag": [True, None, False, True, True, False],
            "when": pa.array([datetime(2026, 1, 1, 12, tzinfo=UTC), None] * 3, pa.timestamp("us", tz="UTC")),
            "day": pa.array([date(2026, 1, 2), None] * 3, pa.date32()),
            "tags": [["a", "b"], [], None, ["c"], ["d", None], ["e"]],
            "place": [[{"city": "Berlin", "lat": 52.5}], None, [], [{"city": None, "lat": None}], [], []],
            "vector": pa.array(vectors, pa.list_(pa.float32())),
        }
    )


@pytest.mark.parametrize("batch_rows", [1, 3, 8192])
def test_table_hash_is_frame_hash_of_the_table_as_pandas(batch_rows):
    table = tricky_table()
    assert table_hash(table, batch_rows=batch_rows) == frame_hash(frame_of(table))


def test_a_changed_cell_changes_it_and_an_empty_history_hashes_like_its_frame():
    table = tricky_table()
    edited = table.set_column(2, "whole", pa.array([1, 2, 3, 4, 5, 7], pa.int64()))
    assert table_hash(edited) != table_hash(table)
    empty = HISTORY_SCHEMA.empty_table()
    assert table_hash(empty) == frame_hash(frame_of(empty))
