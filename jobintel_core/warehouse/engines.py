"""The two warehouse engines behind one small interface: replace a partition's rows, run a query.

Replacing is one transaction: delete the partition's rows, insert the new ones, commit — a reader
sees the old rows or the new ones, never none or both, and a failure leaves the old ones. DuckDB
inserts straight from the Arrow table; PostgreSQL takes it through ``COPY … FROM STDIN`` as CSV
written by pyarrow (row-by-row ``INSERT``s or pandas ``to_sql`` are ~60× slower at 100k rows).
A raw table whose columns are not the loader's (a missing column or another type) is an error
naming the table and the fix.
"""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any, Protocol

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from jobintel_core.config.warehouse_location import WarehouseLocation
from jobintel_core.warehouse.sources import PARTITION_COLUMN, RAW_SCHEMA

# Arrow type → the SQL type both engines spell the same way.
_SQL_TYPES = {
    pa.string(): "text",
    pa.float64(): "double precision",
    pa.int32(): "integer",
    pa.int64(): "bigint",
    pa.bool_(): "boolean",
    pa.date32(): "date",
    pa.timestamp("us"): "timestamp",
}
_NAMED_PARAM = re.compile(r"(?<!:):([a-z_]+)\b")  # `:name`, not a `::type` cast


class WarehouseSchemaError(RuntimeError):
    """A raw table's column has another type than the loader writes."""


def sql_type(arrow_type: pa.DataType) -> str:
    try:
        return _SQL_TYPES[arrow_type]
    except KeyError:
        raise TypeError(f"no warehouse type for Arrow {arrow_type}") from None


def _normalized(type_name: str) -> str:
    name = type_name.lower()
    return {
        "varchar": "text",
        "character varying": "text",
        "double": "double precision",
        "timestamp without time zone": "timestamp",
        "int": "integer",
        "int4": "integer",
    }.get(name, name)


class Warehouse(Protocol):
    location: WarehouseLocation

    def replace_partition(self, table: str, rows: pa.Table, day: date) -> int: ...
    def query(self, sql: str, **params: Any) -> pd.DataFrame: ...
    def close(self) -> None: ...
    def __enter__(self) -> Warehouse: ...
    def __exit__(self, *exc: object) -> None: ...


class _SqlWarehouse:
    """What both engines share: the DDL, the column check and the transaction around a replace."""

    location: WarehouseLocation
    placeholder: str

    def __enter__(self) -> _SqlWarehouse:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        raise NotImplementedError

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        raise NotImplementedError

    def _insert(self, table: str, rows: pa.Table) -> None:
        raise NotImplementedError

    def _begin(self) -> None:
        raise NotImplementedError

    def _commit(self) -> None:
        raise NotImplementedError

    def _rollback(self) -> None:
        raise NotImplementedError

    def _columns(self, table: str) -> dict[str, str]:
        rows = self._execute(
            "select column_name, data_type from information_schema.columns "
            f"where table_schema = {self.placeholder} and table_name = {self.placeholder}",
            (RAW_SCHEMA, table),
        )
        return {name: _normalized(kind) for name, kind in rows}

    def ensure_table(self, table: str, schema: pa.Schema) -> None:
        self._execute(f"create schema if not exists {RAW_SCHEMA}")
        existing = self._columns(table)
        if not existing:
            columns = ", ".join(f'"{f.name}" {sql_type(f.type)}' for f in schema)
            self._execute(f"create table if not exists {RAW_SCHEMA}.{table} ({columns})")
            return
        for field in schema:
            wanted = sql_type(field.type)
            if existing.get(field.name) != wanted:
                found = existing.get(field.name, "missing")
                raise WarehouseSchemaError(
                    f"{self.location.describe()}: {RAW_SCHEMA}.{table}.{field.name} is {found}, the "
                    f"loader writes {wanted}; drop the table (`drop table {RAW_SCHEMA}.{table}`) and rematerialize "
                    f"its loader's partitions"
                )

    def replace_partition(self, table: str, rows: pa.Table, day: date) -> int:
        """Make ``raw.<table>``'s rows of ``day`` exactly ``rows``; returns how many rows were replaced."""
        self.ensure_table(table, rows.schema)
        self._begin()
        try:
            [(before,)] = self._execute(
                f"select count(*) from {RAW_SCHEMA}.{table} where {PARTITION_COLUMN} = {self.placeholder}",
                (day,),
            )
            self._execute(
                f"delete from {RAW_SCHEMA}.{table} where {PARTITION_COLUMN} = {self.placeholder}", (day,)
            )
            if rows.num_rows:
                self._insert(table, rows)
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return int(before)

    def query(self, sql: str, **params: Any) -> pd.DataFrame:
        """``sql`` with ``:name`` parameters, as a DataFrame."""
        raise NotImplementedError


class DuckDbWarehouse(_SqlWarehouse):
    placeholder = "?"

    def __init__(self, location: WarehouseLocation, read_only: bool = False) -> None:
        import duckdb

        assert location.path is not None
        if not read_only:
            location.path.parent.mkdir(parents=True, exist_ok=True)
        self.location = location
        self._con = duckdb.connect(str(location.path), read_only=read_only)

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        return (
            self._con.execute(sql, list(params)).fetchall() if params else self._con.execute(sql).fetchall()
        )

    def _insert(self, table: str, rows: pa.Table) -> None:
        self._con.register("incoming_rows", rows)
        try:
            columns = ", ".join(f'"{n}"' for n in rows.column_names)
            self._con.execute(
                f"insert into {RAW_SCHEMA}.{table} ({columns}) select {columns} from incoming_rows"
            )
        finally:
            self._con.unregister("incoming_rows")

    def _begin(self) -> None:
        self._con.execute("begin transaction")

    def _commit(self) -> None:
        self._con.execute("commit")

    def _rollback(self) -> None:
        self._con.execute("rollback")

    def query(self, sql: str, **params: Any) -> pd.DataFrame:
        names = _NAMED_PARAM.findall(sql)
        return self._con.execute(_NAMED_PARAM.sub("?", sql), [params[n] for n in names]).df()

    def close(self) -> None:
        self._con.close()


class PostgresWarehouse(_SqlWarehouse):
    placeholder = "%s"

    def __init__(self, location: WarehouseLocation) -> None:
        import psycopg2

        self.location = location
        self._con = psycopg2.connect(
            host=location.host,
            port=location.port,
            user=location.user,
            password=location.password or None,
            dbname=location.dbname,
            connect_timeout=10,
        )
        self._con.autocommit = True  # DDL outside the replace transaction; _begin opens one

    def _execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with self._con.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall() if cur.description else []

    def _insert(self, table: str, rows: pa.Table) -> None:
        buffer = io.BytesIO()
        # Every non-null value quoted: an empty string stays '' and only a null is NULL, as in DuckDB.
        pacsv.write_csv(rows, buffer, pacsv.WriteOptions(include_header=False, quoting_style="all_valid"))
        buffer.seek(0)
        columns = ", ".join(f'"{n}"' for n in rows.column_names)
        with self._con.cursor() as cur:
            cur.copy_expert(f"copy {RAW_SCHEMA}.{table} ({columns}) from stdin with (format csv)", buffer)

    def _begin(self) -> None:
        self._con.autocommit = False

    def _commit(self) -> None:
        self._con.commit()
        self._con.autocommit = True

    def _rollback(self) -> None:
        self._con.rollback()
        self._con.autocommit = True

    def query(self, sql: str, **params: Any) -> pd.DataFrame:
        with self._con.cursor() as cur:
            cur.execute(_NAMED_PARAM.sub(r"%(\1)s", sql), params)
            rows = cur.fetchall()  # raises first when the statement returned no result set
            return pd.DataFrame(rows, columns=[c.name for c in cur.description or ()])

    def close(self) -> None:
        self._con.close()


def ensure_postgres_database(location: WarehouseLocation) -> None:
    """Create the warehouse database on first use (the server's ``postgres`` database is the way in)."""
    import psycopg2

    admin = psycopg2.connect(
        host=location.host,
        port=location.port,
        user=location.user,
        password=location.password or None,
        dbname="postgres",
        connect_timeout=10,
    )
    admin.autocommit = True
    try:
        with admin.cursor() as cur:
            cur.execute("select 1 from pg_database where datname = %s", (location.dbname,))
            if not cur.fetchone():
                cur.execute(f'create database "{location.dbname}"')
    finally:
        admin.close()


def open_warehouse(location: WarehouseLocation, read_only: bool = False) -> Warehouse:
    if location.engine == "duckdb":
        return DuckDbWarehouse(location, read_only=read_only)
    if not read_only:
        ensure_postgres_database(location)
    return PostgresWarehouse(location)
