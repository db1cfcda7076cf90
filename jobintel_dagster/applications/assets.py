"""``application_drafts`` (tailored CV and cover letter) and ``application_briefs``, one partition
per profile × résumé × job, added when someone asks for it (``jobintel draft``, the web app's
"Prepare application" through ``jobintel_dagster.web.drafts``).

They read the profile's stored résumé and the job as of the latest ``job_history`` and
``job_scores`` day, and write Markdown and PDFs to the user's store (``storage.keys.draft_key``).
Personal data never reaches Dagster: the metadata holds input hashes, file hashes, which path wrote
each document and counts of grounding problems — no résumé or draft text, and the logs likewise.
"""

import hashlib
from typing import Any

from dagster import (
    AssetDep,
    AssetExecutionContext,
    AssetsDefinition,
    DataVersion,
    DynamicPartitionsDefinition,
    LastPartitionMapping,
    MaterializeResult,
    MetadataValue,
    asset,
)

from jobintel_core.applications.application import prepare_application
from jobintel_core.applications.drafts import Kind
from jobintel_core.applications.library import check_names
from jobintel_core.storage.keys import draft_key
from jobintel_dagster.alerting.hooks import ASSET_HOOKS
from jobintel_dagster.insights.resources import AiResource
from jobintel_dagster.storage.resources import StorageResource

GROUP = "applications"
APPLICATIONS_PARTITIONS = "applications"
APPLICATIONS = DynamicPartitionsDefinition(name=APPLICATIONS_PARTITIONS)
_LATEST = LastPartitionMapping()


def application_key(profile: str, resume: str, job_id: str) -> str:
    """The partition of one profile's résumé × job: ``alex:main:5f0c…``."""
    check_names(profile, resume, job_id)
    return f"{profile}:{resume}:{job_id}"


def split_application_key(key: str) -> tuple[str, str, str]:
    profile, resume, job_id = key.split(":")
    check_names(profile, resume, job_id)
    return profile, resume, job_id


def _materialize(
    context: AssetExecutionContext, kinds: tuple[Kind, ...], storage: StorageResource, ai: AiResource
) -> MaterializeResult:
    profile, resume_name, job_id = split_application_key(context.partition_key)
    store = storage.get_store()
    chat = ai.client(store)
    metadata: dict[str, Any] = {}
    hashes: dict[str, str] = {}
    for prepared in prepare_application(store, profile, resume_name, job_id, kinds, chat):
        kind = prepared.record.kind
        outcome = prepared.outcome
        if outcome.status in ("fallback", "rejected"):
            context.log.warning(f"{kind}: the template draft is used: {outcome.summary}")
        metadata[f"{kind}_source"] = outcome.source
        metadata[f"{kind}_ai"] = f"{outcome.status}: {outcome.summary}" if outcome.summary else outcome.status
        if outcome.problems:
            metadata[f"{kind}_grounding_problems"] = MetadataValue.json(outcome.problems)
        metadata[f"{kind}_markdown"] = MetadataValue.path(
            store.uri(draft_key(profile, resume_name, job_id, f"{kind}.md"))
        )
        metadata["input_hashes"] = MetadataValue.json(prepared.record.inputs)
        hashes.update(prepared.record.files)
    metadata["files"] = MetadataValue.json(hashes)
    metadata["ai_tokens_estimated"] = chat.tokens_spent
    version = hashlib.sha256("".join(f"{k}={v}\n" for k, v in sorted(hashes.items())).encode()).hexdigest()
    return MaterializeResult(data_version=DataVersion(version), metadata=metadata)


def build_applications_assets() -> list[AssetsDefinition]:
    # Both documents are per (profile, job), read the same upstream assets and render to PDF.
    shared: dict[str, Any] = {
        "partitions_def": APPLICATIONS,
        "deps": [
            AssetDep("job_history", partition_mapping=_LATEST),
            AssetDep("job_scores", partition_mapping=_LATEST),
        ],
        "group_name": GROUP,
        "hooks": ASSET_HOOKS,
        "code_version": "1",
        "kinds": {"python", "pdf"},
    }

    @asset(
        description="A tailored CV and a cover letter for one job from the profile's résumé "
        "(Markdown, PDF in A4 and Letter), grounded in the résumé.",
        **shared,
    )
    def application_drafts(context: AssetExecutionContext, storage: StorageResource, ai: AiResource):
        return _materialize(context, ("cv", "letter"), storage, ai)

    @asset(
        description="A brief for one job: why it matches, what it asks for that the résumé lacks, likely "
        "interview focus, questions to ask (Markdown, PDF).",
        **shared,
    )
    def application_briefs(context: AssetExecutionContext, storage: StorageResource, ai: AiResource):
        return _materialize(context, ("brief",), storage, ai)

    return [application_drafts, application_briefs]
