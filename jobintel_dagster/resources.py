"""Resources, and the resource map for an environment (``JOBINTEL_ENV=local|prod``).

``StorageResource`` turns ``JOBINTEL_STORAGE_URL`` into an object store: a local folder, or an
S3-compatible bucket reached through dagster-aws's ``S3Resource`` (boto3 honours
``AWS_ENDPOINT_URL``, so MinIO, moto and AWS share one code path).
"""


import os
from datetime import date
from pathlib import Path

from dagster import ConfigurableResource, EnvVar, ResourceDependency
from dagster_aws.s3 import S3Resource
from pydantic import PrivateAttr

from jobintel_core.registry import ProviderConfig
from jobintel_core.settings import WEBHOOK_ENV, Settings
from jobintel_core.sources import RawPayload, SourceConfig, obtain_payload
from jobintel_core.storage import ObjectStore, open_store, parse_storage_url


class StorageResource(ConfigurableResource):
    """Where every artifact lives: a path (default ``.jobintel/storage``) or ``s3://bucket/prefix``."""

    url: str
    s3: ResourceDependency[S3Resource]
    _store: ObjectStore | None = PrivateAttr(default=None)

    def get_store(self) -> ObjectStore:
        if self._store is None:
            self._store = open_store(self.url, s3_client_factory=self.s3.get_client)
        return self._store


class PayloadSourceResource(ConfigurableResource):
    """How raw payloads are obtained: ``snapshot``, ``live`` or ``record`` (see ``jobintel_core.sources``).

    Breaker state, the robots.txt cache, recorded captures and quarantined responses live in the
    same object store as everything else, so every pod and every run sees the same state.
    """

    mode: str = "snapshot"
    snapshot_dir: str
    contact: str = ""
    storage: ResourceDependency[StorageResource]

    def fetch(self, provider: ProviderConfig, on: date, run_id: str) -> RawPayload:
        config = SourceConfig(
            mode=self.mode, snapshot_dir=Path(self.snapshot_dir), store=self.storage.get_store(),
            contact=self.contact, run_id=run_id,
        )
        return obtain_payload(provider, on, config)


def build_resources(settings: Settings) -> dict[str, object]:
    """The resource map for ``settings.env``.

    Environments differ in what they accept, not in code paths: ``local`` defaults to a folder
    under ``.jobintel/``; ``prod`` refuses local storage, because pods share no disk and a run
    launched in one pod must read what another wrote.
    """
    from jobintel_dagster.io_managers import ParquetIOManager, RawPayloadIOManager
    from jobintel_dagster.alerting.resources import DiscordResource
    from jobintel_dagster.matching.resources import EmbeddingModelResource, ProfilesResource

    kind, _, _ = parse_storage_url(settings.storage_url)
    if settings.env == "prod" and kind != "s3":
        raise ValueError(
            f"JOBINTEL_ENV=prod needs JOBINTEL_STORAGE_URL=s3://bucket/prefix, got {settings.storage_url!r}"
        )
    storage = StorageResource(url=settings.storage_url, s3=S3Resource())
    return {
        "storage": storage,
        "payload_source": PayloadSourceResource(
            mode=settings.scrape_mode, snapshot_dir=str(settings.snapshot_dir),
            contact=settings.contact, storage=storage,
        ),
        "io_manager": ParquetIOManager(storage=storage),
        "raw_io_manager": RawPayloadIOManager(storage=storage),
        "embedding_model": EmbeddingModelResource(
            model_path=settings.model_path, max_new_embeddings=settings.max_new_embeddings
        ),
        "profiles": ProfilesResource(directory=str(settings.profiles_dir)),
        # The URL is a secret: passed as EnvVar so Dagster shows the variable's name, not its value.
        "discord": DiscordResource(
            webhook_url=EnvVar(WEBHOOK_ENV) if os.environ.get(WEBHOOK_ENV) else "",
            min_score=settings.alert_min_score,
            always_summary=settings.alert_always_summary,
            webserver_url=settings.webserver_url,
        ),
    }
