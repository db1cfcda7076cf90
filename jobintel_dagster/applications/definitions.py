"""The applications domain's definitions (pipeline location): drafts and briefs, their on-demand
job, and the AI resource they polish wording with (off unless ``JOBINTEL_AI_URL`` is set)."""

from dagster import Definitions

from jobintel_core.applications.llm import DRAFT_ANSWER_TOKENS
from jobintel_dagster.applications.assets import build_applications_assets
from jobintel_dagster.applications.automation import prepare_application
from jobintel_dagster.insights.resources import ai_resource
from jobintel_dagster.location import LocationContext


def applications_definitions(context: LocationContext) -> Definitions:
    return Definitions(
        assets=build_applications_assets(),
        jobs=[prepare_application],
        resources={"ai": ai_resource(context.settings, max_answer_tokens=DRAFT_ANSWER_TOKENS)},
    )
