"""The matching domain's definitions: embeddings, index, scores, shortlist, their source assets,
the rescore sensor (``automation``), and the model and profile resources."""

from dagster import Definitions

from jobintel_dagster.location import LocationContext
from jobintel_dagster.matching.assets import build_matching_assets
from jobintel_dagster.matching.automation import rescore_on_profile_or_state_change
from jobintel_dagster.matching.resources import EmbeddingModelResource, profiles_resource
from jobintel_dagster.matching.sources import candidate_profiles, user_state


def matching_definitions(context: LocationContext) -> Definitions:
    settings = context.settings
    return Definitions(
        assets=[*build_matching_assets(context), candidate_profiles, user_state],
        sensors=[rescore_on_profile_or_state_change],
        resources={
            "embedding_model": EmbeddingModelResource(
                model_path=settings.model_path,
                backend=settings.embedding_backend,
                model_cache_dir=str(settings.model_cache_dir),
                max_new_embeddings=settings.max_new_embeddings,
            ),
            "profiles": profiles_resource(settings),
        },
    )
