"""The reader keeps only the rows a page shows before converting to pandas: the kept rows must be
exactly what converting the whole stored table and then selecting would give (values and dtypes),
and a job id must resolve to the canonical job ``resolve_job_id`` names."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pyarrow as pa
import pytest

from jobintel_core.matching.profiles.user_state import resolve_job_id
from jobintel_core.storage.keys import stored_dates, table_key
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.storage.tables import frame_of, parquet_bytes, table_from_parquet
from jobintel_core.web.reader import NotFound, TableCache, _resolve, _subset, among, equal


@pytest.fixture(scope="module")
def store(web_day):
    return LocalObjectStore(web_day / "storage")


def _stored(store, asset: str) -> tuple[date, pa.Table]:
    day = stored_dates(store, asset)[-1]
    return day, table_from_parquet(store.get(table_key(asset, day.isoformat())))


def _whole_then_selected(table: pa.Table, mask: pa.ChunkedArray) -> pd.DataFrame:
    whole = frame_of(table)
    return whole[mask.to_numpy(zero_copy_only=False)].reset_index(drop=True)


@pytest.mark.parametrize("asset", ["job_history", "job_scores", "shortlist", "job_changes"])
def test_kept_rows_are_the_whole_tables_rows_with_its_dtypes(store, asset):
    _, table = _stored(store, asset)
    ids = table["job_id"].to_pylist()
    assert len(set(ids)) > 3
    for keep in (among("job_id", ids[::3]), equal(job_id=ids[-1]), among("job_id", ["no-such-job"])):
        kept = _subset(table, keep).reset_index(drop=True)
        pd.testing.assert_frame_equal(kept, _whole_then_selected(table, keep(table)))
    if "profile" in table.column_names:
        profile = table["profile"][0].as_py()
        keep = equal(profile=profile, job_id=ids[0])
        pd.testing.assert_frame_equal(_subset(table, keep), _whole_then_selected(table, keep(table)))


def test_an_integer_column_with_nulls_elsewhere_stays_float_in_the_kept_rows():
    """A page formats ``level_gap`` or ``must_found`` from the row it keeps: 2.0 before, 2.0 now."""
    table = pa.table(
        {
            "job_id": ["a", "b", "c"],
            "level_gap": pa.array([2, None, 1], pa.int32()),
            "must_found": pa.array([1, 2, 3], pa.int32()),
            "first_seen": pa.array([date(2026, 11, 1), None, date(2026, 11, 3)], pa.date32()),
            "skills": pa.array([["sql"], [], None], pa.list_(pa.string())),
        }
    )
    keep = among("job_id", ["a", "c"])
    kept = _subset(table, keep)
    pd.testing.assert_frame_equal(kept, _whole_then_selected(table, keep(table)))
    assert kept["level_gap"].dtype == "float64" and kept["must_found"].dtype == "int32"


def test_a_job_id_resolves_as_resolve_job_id_does(store):
    """Every stored id and absorbed id, and a history where two jobs absorbed the same id (the first
    in the history's order wins) and a canonical id is also absorbed elsewhere (itself wins)."""
    day, table = _stored(store, "job_history")
    made = pa.table(
        {
            "job_id": ["a", "b", "c"],
            "absorbed_ids": pa.array([["x"], ["y", "x", "c"], []], pa.list_(pa.string())),
        }
    )
    for history in (table.select(["job_id", "absorbed_ids"]), made):
        whole = frame_of(history)
        for job_id in [*whole["job_id"], *(i for ids in whole["absorbed_ids"] for i in ids)]:
            assert _resolve(history, job_id, day) == resolve_job_id(whole, job_id)
    assert [_resolve(made, i, day) for i in ("x", "y", "c")] == ["a", "b", "c"]
    with pytest.raises(NotFound, match="no job 'no-such-job' in the history of"):
        _resolve(made, "no-such-job", day)


def test_the_table_cache_decodes_again_only_when_the_stored_bytes_change(tmp_path):
    """A kept table is checked against the bytes stored now: a table rewritten in place (a
    rescore) is read anew on the next request, never served from before."""
    store = LocalObjectStore(tmp_path)
    scores = {"profile": ["a", "b", "a"], "job_id": ["1", "2", "3"], "n": pa.array([1, None, 3], pa.int32())}
    store.put("s/1.parquet", parquet_bytes(pa.table(scores)))
    cache = TableCache()
    first = cache.table(store, "s/1.parquet")
    assert cache.table(store, "s/1.parquet") is first
    mine = cache.table(store, "s/1.parquet", profile="a")
    assert mine["job_id"].to_pylist() == ["1", "3"] and mine["n"].type == pa.float64()  # null elsewhere
    assert cache.table(store, "s/1.parquet", ["job_id"]).column_names == ["job_id"]
    store.put("s/1.parquet", parquet_bytes(pa.table({**scores, "job_id": ["1", "2", "4"]})))
    assert cache.table(store, "s/1.parquet", profile="a")["job_id"].to_pylist() == ["1", "4"]


def test_the_table_cache_keeps_at_most_its_budget(tmp_path):
    store = LocalObjectStore(tmp_path)
    for name in "xyz":
        store.put(f"t/{name}.parquet", parquet_bytes(pa.table({"job_id": [name] * 1000})))
    size = table_from_parquet(store.get("t/x.parquet")).nbytes
    cache = TableCache(budget=2 * size)
    x, y = cache.table(store, "t/x.parquet"), cache.table(store, "t/y.parquet")
    assert cache.table(store, "t/x.parquet") is x and cache.table(store, "t/y.parquet") is y  # both fit
    cache.table(store, "t/x.parquet")
    cache.table(store, "t/z.parquet")  # over the budget: the least recently used (y) goes
    assert cache.table(store, "t/x.parquet") is x
    assert cache.table(store, "t/y.parquet") is not y
