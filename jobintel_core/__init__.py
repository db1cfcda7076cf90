"""JobIntel's domain, grouped like the orchestration layer: ``config``, ``storage``, ``ingestion``,
``history``, ``matching``, ``alerting``, plus the cross-cutting ``identity``.

Plain Python on purpose: nothing here imports dagster (a test checks it), so every rule can be
unit-tested and reused by the orchestration layer (``jobintel_dagster``), the CLI and the benchmarks.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jobintel")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
