"""The checks on ``jobs``: what each one asserts (its spec) and how its result is built.

They are evaluated inside the ``jobs`` step, from the frame it just built and the records the
parser rejected, rather than as separate ``@asset_check`` steps that would load the partition
again; ``schema_matches`` and ``unique_job_id`` block what reads ``jobs`` when they fail.
"""

from collections.abc import Iterator, Sequence

import pandas as pd
from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, MetadataValue

from jobintel_core.ingestion.ats.base import Rejection
from jobintel_core.ingestion.normalization.quality import check_required_text, check_schema, check_unique_ids
from jobintel_dagster.reproducibility import reproducible_spec

JOBS = "jobs"
_REJECTED_SHOWN = 20

JOBS_CHECKS = [
    AssetCheckSpec(
        "schema_matches",
        asset=JOBS,
        blocking=True,
        description="Columns and types match the declared jobs schema.",
    ),
    AssetCheckSpec(
        "unique_job_id",
        asset=JOBS,
        blocking=True,
        description="No job_id appears twice in a partition.",
    ),
    AssetCheckSpec("titles_and_urls_present", asset=JOBS, description="Every posting has a title and a URL."),
    AssetCheckSpec(
        "no_rejected_postings",
        asset=JOBS,
        description="Every record in the payload parsed (warns, never blocks).",
    ),
    reproducible_spec(JOBS),
]


def jobs_check_results(frame: pd.DataFrame, rejected: Sequence[Rejection]) -> Iterator[AssetCheckResult]:
    """The results of every check above but ``reproducible`` (``reproducibility`` builds that one)."""
    yield _result("schema_matches", *check_schema(frame))
    yield _result("unique_job_id", *check_unique_ids(frame))
    yield _result("titles_and_urls_present", *check_required_text(frame))
    shown = {"rejected": [f"#{r.index} ({r.external_id}): {r.reason}" for r in rejected[:_REJECTED_SHOWN]]}
    yield _result("no_rejected_postings", not rejected, shown, AssetCheckSeverity.WARN)


def _result(
    name: str, passed: bool, details: dict, severity: AssetCheckSeverity = AssetCheckSeverity.ERROR
) -> AssetCheckResult:
    return AssetCheckResult(
        asset_key=JOBS,
        check_name=name,
        passed=passed,
        severity=severity,
        metadata={k: MetadataValue.json(v) if isinstance(v, (list, dict)) else v for k, v in details.items()},
    )
