"""JobIntel's domain: models, providers, normalization, identity, storage.

Plain Python on purpose: nothing here imports dagster, so every rule can be unit-tested and reused
by the orchestration layer (``jobintel_dagster``), the CLI and the benchmarks alike.
"""
