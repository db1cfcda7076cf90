"""The feedback domain's definitions: the event exports, the preference models and the impressions
log (the blended shortlist is matching's asset; its sensor and resources are matching's too)."""

from dagster import Definitions

from jobintel_dagster.feedback.assets import build_feedback_assets
from jobintel_dagster.location import LocationContext


def feedback_definitions(context: LocationContext) -> Definitions:
    return Definitions(assets=build_feedback_assets(context))
