"""The pipeline code location Dagster loads (``jobintel`` in ``workspace.yaml``; ``dagster dev -m
jobintel_dagster.definitions``): boards to shortlists, and the warehouse loaders.

Built from the environment's settings when imported; ``code_location.build_definitions`` builds one
from explicit settings (tests, and ``jobintel`` commands with interactive retry delays). The dbt
models and insights are the other location, ``jobintel_dagster.warehouse_definitions``.
"""

from jobintel_dagster.code_location import build_definitions

defs = build_definitions()
