"""Where the warehouse is: one setting, ``JOBINTEL_WAREHOUSE_URL``, read here.

A path (default ``.jobintel/warehouse.duckdb``) is an embedded DuckDB file: no server, the default
for ``make run``. ``postgresql://user@host:port/dbname`` is a PostgreSQL database (deployment: its
own database on the cluster's server, never Dagster's). A password may be in the URL, but the
deployment passes it as ``PGPASSWORD`` from a Secret; either way it is never printed (``describe``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import unquote, urlsplit

DEFAULT_WAREHOUSE_URL = ".jobintel/warehouse.duckdb"
DEFAULT_PG_DATABASE = "jobintel_warehouse"


@dataclass(frozen=True)
class WarehouseLocation:
    engine: Literal["duckdb", "postgres"]
    path: Path | None = None  # DuckDB
    host: str = "127.0.0.1"
    port: int = 5432
    user: str = "postgres"
    password: str = ""
    dbname: str = DEFAULT_PG_DATABASE

    @classmethod
    def parse(cls, url: str) -> WarehouseLocation:
        if url.startswith(("postgresql://", "postgres://")):
            parts = urlsplit(url)
            dbname = parts.path.lstrip("/") or DEFAULT_PG_DATABASE
            return cls(
                "postgres",
                host=parts.hostname or "127.0.0.1",
                port=parts.port or 5432,
                user=unquote(parts.username or "postgres"),
                password=unquote(parts.password or ""),
                dbname=dbname,
            )
        if "://" in url and not url.startswith("duckdb://"):
            raise ValueError(f"JOBINTEL_WAREHOUSE_URL {url!r}: expected a DuckDB file path or postgresql://…")
        path = Path(url.removeprefix("duckdb://"))
        if path.suffix not in (".duckdb", ".db"):
            raise ValueError(f"JOBINTEL_WAREHOUSE_URL {url!r}: a DuckDB file should end in .duckdb")
        return cls("duckdb", path=path.resolve())

    def describe(self) -> str:
        """For logs and messages: no password."""
        if self.engine == "duckdb":
            return f"DuckDB {self.path}"
        return f"PostgreSQL {self.user}@{self.host}:{self.port}/{self.dbname}"

    def dbt_target(self) -> str:
        return self.engine

    def dbt_env(self) -> dict[str, str]:
        """The variables ``dbt_like_sql/profiles.yml`` reads for this location's target."""
        if self.engine == "duckdb":
            return {"JOBINTEL_DBT_DUCKDB_PATH": str(self.path)}
        env = {
            "JOBINTEL_DBT_PG_HOST": self.host,
            "JOBINTEL_DBT_PG_PORT": str(self.port),
            "JOBINTEL_DBT_PG_USER": self.user,
            "JOBINTEL_DBT_PG_DBNAME": self.dbname,
        }
        if self.password:
            env["PGPASSWORD"] = self.password
        return env
