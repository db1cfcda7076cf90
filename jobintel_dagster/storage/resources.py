"""``StorageResource``: where every artifact lives, a local folder or an S3-compatible bucket.

S3 goes through a boto3 client from the environment (boto3 honours ``AWS_ENDPOINT_URL``, so MinIO,
moto and AWS share one code path), imported only by processes whose storage is S3. Not dagster-aws's
``S3Resource``: it would build the same client from the same environment, and importing dagster-aws
costs every run process ~0.75 s (its package imports its components and Secrets Manager support).

``storage_resource`` applies the one rule environments differ by: ``prod`` refuses local storage,
because pods share no disk and a run launched in one pod must read what another wrote.
"""

from dagster import ConfigurableResource
from pydantic import PrivateAttr

from jobintel_core.config.settings import Settings
from jobintel_core.storage.objects import ObjectStore
from jobintel_core.storage.urls import open_store, parse_storage_url


class StorageResource(ConfigurableResource):
    """Where every artifact lives: a path (default ``.jobintel/storage``) or ``s3://bucket/prefix``."""

    url: str
    _store: ObjectStore | None = PrivateAttr(default=None)

    def get_store(self) -> ObjectStore:
        if self._store is None:
            self._store = open_store(self.url)
        return self._store


def storage_resource(settings: Settings) -> StorageResource:
    kind, _, _ = parse_storage_url(settings.storage_url)
    if settings.env == "prod" and kind != "s3":
        raise ValueError(
            f"JOBINTEL_ENV=prod needs JOBINTEL_STORAGE_URL=s3://bucket/prefix, got {settings.storage_url!r}"
        )
    return StorageResource(url=settings.storage_url)
