"""JobIntel's orchestration layer: Dagster assets, partitions, resources and IO managers.

Thin on purpose: every rule lives in ``jobintel_core``; this package only says when things run,
where outputs are stored and what each materialization records.
"""
