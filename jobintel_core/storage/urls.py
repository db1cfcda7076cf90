"""``JOBINTEL_STORAGE_URL`` → the object store it names: a local folder, or ``s3://bucket/prefix``."""

from __future__ import annotations

from urllib.parse import urlsplit

from jobintel_core.storage.objects import LocalObjectStore, ObjectStore


def parse_storage_url(url: str) -> tuple[str, str, str]:
    """``("s3", bucket, prefix)`` for ``s3://bucket/prefix``, else ``("local", path, "")``."""
    parts = urlsplit(url)
    if parts.scheme == "s3":
        if not parts.netloc:
            raise ValueError(f"storage URL {url!r} has no bucket (expected s3://bucket/prefix)")
        return "s3", parts.netloc, parts.path.strip("/")
    if parts.scheme not in ("", "file"):
        raise ValueError(f"storage URL {url!r}: only local paths and s3:// URLs are supported")
    return "local", parts.path if parts.scheme == "file" else url, ""


def open_store(url: str) -> ObjectStore:
    """The store for a ``JOBINTEL_STORAGE_URL`` (S3: a boto3 client from the environment)."""
    kind, location, prefix = parse_storage_url(url)
    if kind == "s3":
        # Imported here: boto3/botocore load only in processes that use S3.
        from jobintel_core.storage.s3 import S3ObjectStore, default_client

        return S3ObjectStore(default_client(), location, prefix)
    return LocalObjectStore(location)
