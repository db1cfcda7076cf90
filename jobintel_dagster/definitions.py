"""The code location Dagster loads: ``dagster dev -m jobintel_dagster.definitions`` / ``workspace.yaml``.

Built from the environment's settings when imported; ``code_location.build_definitions`` builds one
from explicit settings (tests, and ``jobintel`` commands with interactive retry delays).
"""

from jobintel_dagster.code_location import build_definitions

defs = build_definitions()
