"""The check on ``ratings`` and ``outcomes``: ``events_readable``, its spec and how its result is built.

Evaluated inside the export's step from what reading the event logs reported: a line (or tracker
entry) that does not validate is skipped and named here as ``<uri>:<line>: <field>: <message>``
(never its content). It warns and never blocks: the other events are exported and learned from.
(``preference_model`` and ``impressions`` carry the shared ``reproducible`` check.)
"""

from collections.abc import Mapping

from dagster import AssetCheckResult, AssetCheckSeverity, AssetCheckSpec, MetadataValue

from jobintel_core.feedback.events import EventLog

CHECK_NAME = "events_readable"


def events_readable_spec(asset: str) -> AssetCheckSpec:
    return AssetCheckSpec(
        CHECK_NAME,
        asset=asset,
        description="Every stored event line validates (bad ones are skipped, named).",
    )


def events_readable_result(asset: str, logs: Mapping[str, EventLog]) -> AssetCheckResult:
    problems = [problem for name in sorted(logs) for problem in logs[name].problems]
    return AssetCheckResult(
        asset_key=asset,
        check_name=CHECK_NAME,
        passed=not problems,
        severity=AssetCheckSeverity.WARN,
        metadata={"skipped_lines": len(problems), "problems": MetadataValue.json(problems)},
    )
