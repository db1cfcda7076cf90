"""``WarehouseResource``: the one place assets open the warehouse (DuckDB or PostgreSQL) from."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

from dagster import ConfigurableResource

from jobintel_core.config.settings import Settings
from jobintel_core.config.warehouse_location import WarehouseLocation
from jobintel_core.warehouse.engines import Warehouse, open_warehouse


class WarehouseResource(ConfigurableResource):
    """``url``: a DuckDB file path or ``postgresql://user@host:port/dbname`` (``JOBINTEL_WAREHOUSE_URL``)."""

    url: str

    @property
    def location(self) -> WarehouseLocation:
        return WarehouseLocation.parse(self.url)

    def open(self, read_only: bool = False) -> Warehouse:
        """An open warehouse; use it as a context manager so it is closed."""
        return open_warehouse(self.location, read_only=read_only)

    @contextlib.contextmanager
    def dbt_environment(self) -> Iterator[None]:
        """The variables ``dbt_like_sql/profiles.yml`` reads, set while dbt runs. dbt is a subprocess
        that inherits this process's environment; a run process runs one step at a time, and the
        previous values are restored afterwards."""
        values = self.location.dbt_env()
        saved = {name: os.environ.get(name) for name in values}
        os.environ.update(values)
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


def warehouse_resource(settings: Settings) -> WarehouseResource:
    """The settings' warehouse; both code locations use it (loaders in one, dbt and insights in the other)."""
    return WarehouseResource(url=settings.warehouse_url)
