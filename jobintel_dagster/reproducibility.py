"""The ``reproducible`` check: same code version + same inputs must give the same output.

Each checked asset records ``input_hashes`` (content hashes of everything it read) and its output's
``content_hash``. When a partition is rematerialized with the same code version and the same
input hashes as its previous materialization but a different output hash, something
non-deterministic crept in (a clock, an unordered set, a model change behind the same id): the
check fails and shows both hashes. A changed input or code version is a legitimate change.
"""

from dagster import (
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetExecutionContext,
    AssetKey,
    AssetRecordsFilter,
    MetadataValue,
)

from jobintel_dagster.lineage import metadata_values

CHECK_NAME = "reproducible"
CODE_VERSION_TAG = "dagster/code_version"


def reproducible_spec(asset: str) -> AssetCheckSpec:
    return AssetCheckSpec(
        CHECK_NAME,
        asset=asset,
        description="Same code version and inputs as the last materialization give the same output.",
    )


def check_reproducible(
    context: AssetExecutionContext, asset: str, output_hash: str, input_hashes: dict[str, str]
) -> AssetCheckResult:
    key = AssetKey(asset)
    code_version = context.assets_def.code_versions_by_key.get(key)
    filters = AssetRecordsFilter(
        asset_key=key, asset_partitions=[context.partition_key] if context.has_partition_key else None
    )
    # The output is recorded before its checks run: skip this run's own materialization.
    records = [
        r
        for r in context.instance.fetch_materializations(filters, limit=2).records
        if r.run_id != context.run.run_id
    ][:1]
    if not records:
        return AssetCheckResult(
            asset_key=key,
            check_name=CHECK_NAME,
            passed=True,
            metadata={"compared_with": "nothing (first materialization)"},
        )
    previous = records[0].asset_materialization
    before = metadata_values(previous.metadata)
    same_code = (previous.tags or {}).get(CODE_VERSION_TAG) == code_version
    same_inputs = before.get("input_hashes") == input_hashes
    same_output = before.get("content_hash") == output_hash
    passed = same_output or not (same_code and same_inputs)
    return AssetCheckResult(
        asset_key=key,
        check_name=CHECK_NAME,
        passed=passed,
        severity=AssetCheckSeverity.ERROR,
        metadata={
            "previous_output_hash": before.get("content_hash", ""),
            "output_hash": output_hash,
            "same_code_version": same_code,
            "same_inputs": same_inputs,
            "input_hashes": MetadataValue.json(input_hashes),
        },
    )
