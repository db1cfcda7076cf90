"""Replacing a partition's rows on both engines: exact, atomic, and the same values on each."""

from datetime import date

import pandas as pd
import pyarrow as pa
import pytest

from jobintel_core.config.warehouse_location import WarehouseLocation
from jobintel_core.warehouse.engines import WarehouseSchemaError, open_warehouse

SCHEMA = pa.schema(
    [
        ("partition_date", pa.date32()),
        ("job_id", pa.string()),
        ("title", pa.string()),
        ("score", pa.float64()),
        ("open", pa.bool_()),
        ("seen_at", pa.timestamp("us")),
    ]
)
D1, D2 = date(2026, 11, 17), date(2026, 11, 18)


def rows(day: date, ids: list[str], title: str = "Data Engineer") -> pa.Table:
    n = len(ids)
    return pa.Table.from_pydict(
        {
            "partition_date": [day] * n,
            "job_id": ids,
            "title": [title, "", None][:n]
            + [title] * max(0, n - 3),  # text, empty text and NULL stay distinct
            "score": [1.5] * n,
            "open": [True] * n,
            "seen_at": [None] * n,
        },
        schema=SCHEMA,
    )


@pytest.fixture(params=["duckdb", "postgres"])
def warehouse(request, tmp_path):
    if request.param == "duckdb":
        location = WarehouseLocation.parse(str(tmp_path / "wh.duckdb"))
    else:
        db = request.getfixturevalue("postgres_db")
        location = WarehouseLocation.parse(f"postgresql://{db.user}@{db.host}:{db.port}/{db.db_name}")
    opened = open_warehouse(location)
    yield opened
    opened.close()


def table(warehouse) -> list[tuple]:
    frame = warehouse.query(
        "select partition_date, job_id, title, score from raw.t order by partition_date, job_id"
    )
    frame["partition_date"] = pd.to_datetime(frame["partition_date"]).dt.date  # DuckDB gives timestamps
    return [tuple(None if v != v else v for v in row) for row in frame.itertuples(index=False)]


def test_replacing_a_partition_touches_only_its_rows(warehouse):
    assert warehouse.replace_partition("t", rows(D1, ["a", "b", "c"]), D1) == 0
    assert warehouse.replace_partition("t", rows(D2, ["a", "d"]), D2) == 0
    before = table(warehouse)
    assert warehouse.replace_partition("t", rows(D1, ["a", "b", "c"]), D1) == 3  # rematerialized: same rows
    assert table(warehouse) == before
    assert [r[2] for r in before if r[0] == D1] == ["Data Engineer", "", None]
    warehouse.replace_partition("t", rows(D1, ["b"], title="Analyst"), D1)  # the date changed
    after = table(warehouse)
    assert [r for r in after if r[0] == D2] == [r for r in before if r[0] == D2]
    assert [r[:3] for r in after if r[0] == D1] == [(D1, "b", "Analyst")]
    warehouse.replace_partition("t", SCHEMA.empty_table(), D1)  # a day with no rows empties its partition
    assert [r[0] for r in table(warehouse)] == [D2, D2]


def test_a_failed_replace_keeps_the_old_rows(warehouse, monkeypatch):
    warehouse.replace_partition("t", rows(D1, ["a", "b"]), D1)

    def broken(*_args):
        raise OSError("disk full")

    monkeypatch.setattr(warehouse, "_insert", broken)
    with pytest.raises(OSError, match="disk full"):
        warehouse.replace_partition("t", rows(D1, ["z"]), D1)
    monkeypatch.undo()
    assert [r[1] for r in table(warehouse)] == ["a", "b"]


def test_a_table_of_another_shape_is_refused_naming_the_fix(warehouse):
    warehouse.replace_partition("t", rows(D1, ["a"]).drop(["seen_at"]), D1)
    with pytest.raises(WarehouseSchemaError, match=r"raw\.t\.seen_at is missing.*drop the table"):
        warehouse.replace_partition("t", rows(D2, ["b"]), D2)
    wrong = rows(D2, ["b"]).set_column(3, "score", pa.array(["high"], pa.string()))
    with pytest.raises(WarehouseSchemaError, match=r"raw\.t\.score is double precision.*drop the table"):
        warehouse.replace_partition("t", wrong, D2)


def test_locations_parse_and_never_print_a_password():
    pg = WarehouseLocation.parse("postgresql://jobintel:s3cret@db.internal:6432/market")
    assert (pg.engine, pg.host, pg.port, pg.user, pg.dbname) == (
        "postgres",
        "db.internal",
        6432,
        "jobintel",
        "market",
    )
    assert "s3cret" not in pg.describe() and pg.dbt_env()["PGPASSWORD"] == "s3cret"
    assert WarehouseLocation.parse(".jobintel/warehouse.duckdb").engine == "duckdb"
    with pytest.raises(ValueError, match="DuckDB file path or postgresql"):
        WarehouseLocation.parse("mysql://x/y")
