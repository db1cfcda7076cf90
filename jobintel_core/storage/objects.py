"""Object storage for every artifact: a local folder or an S3-compatible bucket, one interface.

Both back-ends guarantee that a reader never sees a half-written object under its final key:
locally we write a temporary file in the same folder, fsync it and ``os.replace`` it into place
(atomic on POSIX); on S3 a single ``PutObject`` becomes visible only once complete.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit


class ObjectMissing(FileNotFoundError):
    """The key does not exist in the store; the message carries its full URI."""


class ObjectStore(Protocol):
    def put(self, key: str, data: bytes) -> str: ...
    def get(self, key: str) -> bytes: ...
    def exists(self, key: str) -> bool: ...
    def delete(self, key: str) -> None: ...
    def list(self, prefix: str) -> list[str]: ...
    def uri(self, key: str) -> str: ...


class LocalObjectStore:
    def __init__(self, root: str | Path) -> None:
        self.root = Path(root).resolve()

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root not in path.parents:
            raise ValueError(f"key {key!r} escapes the storage root {self.root}")
        return path

    def uri(self, key: str) -> str:
        return str(self._path(key))

    def put(self, key: str, data: bytes) -> str:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return str(path)

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError:
            raise ObjectMissing(f"no object at {self.uri(key)}") from None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def list(self, prefix: str) -> list[str]:
        base = self.root / prefix
        if not base.exists():
            return []
        return sorted(
            str(p.relative_to(self.root))
            for p in base.rglob("*")
            if p.is_file() and not p.name.startswith(".")
        )


class S3ObjectStore:
    """Any S3 API (AWS, MinIO, moto) through a boto3 client the caller builds."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._key(key)}"

    def put(self, key: str, data: bytes) -> str:
        self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)
        return self.uri(key)

    def get(self, key: str) -> bytes:
        try:
            return self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        except self.client.exceptions.NoSuchKey:
            raise ObjectMissing(f"no object at {self.uri(key)}") from None

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except self.client.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise
        return True

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._key(key))

    def list(self, prefix: str) -> list[str]:
        paginator = self.client.get_paginator("list_objects_v2")
        strip = len(self.prefix) + 1 if self.prefix else 0
        keys = []
        for page in paginator.paginate(Bucket=self.bucket, Prefix=self._key(prefix)):
            keys.extend(obj["Key"][strip:] for obj in page.get("Contents", []))
        return sorted(keys)


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


def open_store(url: str, s3_client_factory: Any = None) -> ObjectStore:
    """The store for a ``JOBINTEL_STORAGE_URL``; ``s3_client_factory()`` builds the boto3 client."""
    kind, location, prefix = parse_storage_url(url)
    if kind == "s3":
        if s3_client_factory is None:
            import boto3  # boto3 honours AWS_ENDPOINT_URL, so MinIO/moto need no extra setting

            s3_client_factory = lambda: boto3.client("s3")  # noqa: E731
        return S3ObjectStore(s3_client_factory(), location, prefix)
    return LocalObjectStore(location)
