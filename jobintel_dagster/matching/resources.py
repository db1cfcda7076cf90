"""The model and the profiles as resources: loaded once per process, shared by every asset."""

from pathlib import Path

from dagster import ConfigurableResource

from jobintel_core.config.settings import Settings
from jobintel_core.matching.embeddings.encoder import LazyEncoder, default_model_path, load_encoder
from jobintel_core.matching.profiles.profile import Profile, load_profiles


class EmbeddingModelResource(ConfigurableResource):
    """all-MiniLM-L6-v2 from local files (never a hub). ``model_path`` empty = the packaged weights."""

    model_path: str = ""
    backend: str = "torch"
    model_cache_dir: str = ".jobintel/models"
    max_new_embeddings: int = 2000

    def get_encoder(self) -> LazyEncoder:
        return load_encoder(
            self.model_path or str(default_model_path()),
            self.backend,  # type: ignore[arg-type]
            self.model_cache_dir,
        )


class ProfilesResource(ConfigurableResource):
    """Every ``*.yaml`` in ``directory``, validated on each use so edits need no code reload."""

    directory: str

    def load(self) -> list[Profile]:
        return load_profiles(Path(self.directory))


def profiles_resource(settings: Settings) -> ProfilesResource:
    """The profiles folder of the settings; the pipeline's scoring and the weekly insights read it."""
    return ProfilesResource(directory=str(settings.profiles_dir))
