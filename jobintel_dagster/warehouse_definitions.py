"""The warehouse code location Dagster loads (``jobintel_warehouse`` in ``workspace.yaml``): the dbt
models and the weekly insights, apart from the pipeline so board runs never import dbt."""

from jobintel_dagster.code_location import build_warehouse_definitions

defs = build_warehouse_definitions()
