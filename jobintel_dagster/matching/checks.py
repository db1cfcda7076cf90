"""The check on ``job_embeddings``: ``all_postings_embedded``, its spec and how its result is built.

Evaluated inside the ``job_embeddings`` step, from its own count of postings the per-run cap
(``JOBINTEL_MAX_NEW_EMBEDDINGS``) left without a vector. It warns and never blocks: those postings
are embedded by a later run. (``job_index``, ``job_scores`` and ``shortlist`` carry the shared
``reproducible`` check, ``jobintel_dagster.reproducibility``.)
"""

from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec

ALL_POSTINGS_EMBEDDED = AssetCheckSpec(
    "all_postings_embedded",
    asset="job_embeddings",
    description="No posting was left without a vector by the per-run cap.",
)


def all_embedded_result(not_embedded: int) -> AssetCheckResult:
    return AssetCheckResult(
        check_name=ALL_POSTINGS_EMBEDDED.name,
        passed=not_embedded == 0,
        severity=AssetCheckSeverity.WARN,
        metadata={"not_embedded_cap": not_embedded},
    )
