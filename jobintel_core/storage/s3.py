"""The object store on any S3 API (AWS, MinIO, moto) through a boto3 client.

A single ``PutObject`` becomes visible only once complete, so no reader sees half an object. Every
botocore failure other than a missing key becomes ``StorageUnavailable`` naming the endpoint and
bucket: an outage must read "S3 at http://minio:9000 unreachable", not a 60-line traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from jobintel_core.storage.objects import ObjectMissing, StorageUnavailable

T = TypeVar("T")
_MISSING_KEY = ("404", "NoSuchKey", "NotFound")


def default_client() -> Any:
    """boto3's client from the environment (``AWS_ENDPOINT_URL`` points it at MinIO or moto)."""
    return boto3.client("s3")


class S3ObjectStore:
    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")

    def _key(self, key: str) -> str:
        return f"{self.prefix}/{key}" if self.prefix else key

    def uri(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._key(key)}"

    def _call(self, action: str, key: str, call: Callable[[], T]) -> T:
        try:
            return call()
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in _MISSING_KEY:
                raise ObjectMissing(f"no object at {self.uri(key)}") from None
            raise self._unavailable(action, key, exc) from None
        except BotoCoreError as exc:
            raise self._unavailable(action, key, exc) from None

    def _unavailable(self, action: str, key: str, exc: Exception) -> StorageUnavailable:
        endpoint = self.client.meta.endpoint_url
        return StorageUnavailable(
            f"S3 at {endpoint} (bucket {self.bucket!r}): {action} {self.uri(key)} failed: {exc}; "
            "check that the service is up, the bucket exists and AWS_ENDPOINT_URL / credentials are right"
        )

    def put(self, key: str, data: bytes) -> str:
        self._call(
            "put", key, lambda: self.client.put_object(Bucket=self.bucket, Key=self._key(key), Body=data)
        )
        return self.uri(key)

    def get(self, key: str) -> bytes:
        data: bytes = self._call(
            "get", key, lambda: self.client.get_object(Bucket=self.bucket, Key=self._key(key))["Body"].read()
        )
        return data

    def exists(self, key: str) -> bool:
        try:
            self._call("head", key, lambda: self.client.head_object(Bucket=self.bucket, Key=self._key(key)))
        except ObjectMissing:
            return False
        return True

    def delete(self, key: str) -> None:
        self._call("delete", key, lambda: self.client.delete_object(Bucket=self.bucket, Key=self._key(key)))

    def list(self, prefix: str) -> list[str]:
        def pages() -> list[str]:
            strip = len(self.prefix) + 1 if self.prefix else 0
            paginator = self.client.get_paginator("list_objects_v2")
            return [
                obj["Key"][strip:]
                for page in paginator.paginate(Bucket=self.bucket, Prefix=self._key(prefix))
                for obj in page.get("Contents", [])
            ]

        return sorted(self._call("list", prefix, pages))
