"""Storage domain: the object store as a resource and the IO managers that write every asset to it."""

from dagster import Definitions

from jobintel_dagster.location import LocationContext
from jobintel_dagster.storage.io_managers import ParquetIOManager, RawPayloadIOManager


def storage_definitions(context: LocationContext) -> Definitions:
    return Definitions(
        resources={
            "storage": context.storage,
            "io_manager": ParquetIOManager(storage=context.storage),
            "raw_io_manager": RawPayloadIOManager(storage=context.storage),
        }
    )
