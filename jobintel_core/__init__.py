"""JobIntel's domain: models, providers, normalization, identity, storage.

Plain Python on purpose: nothing here imports dagster, so every rule can be unit-tested and reused
by the orchestration layer (``jobintel_dagster``), the CLI and the benchmarks alike.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jobintel")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
