"""The storage bucket in and out of a backup, with a checksum per object.

``mirror s3://bucket/prefix DIR``: every object under the prefix into DIR, and ``MANIFEST.sha256``
(``<sha256>  <key>`` lines, the ``sha256sum`` format) beside them.
``verify DIR``: every file listed in the manifest exists and has its checksum; the first that does
not stops with its name (exit 2).
``upload DIR s3://bucket/prefix``: verify, then put every object, then read each back and compare
its checksum again.

boto3 is the client (it honours AWS_ENDPOINT_URL, so MinIO and moto work the same as S3).
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import boto3

MANIFEST = "MANIFEST.sha256"


def _split(url: str) -> tuple[str, str]:
    if not url.startswith("s3://"):
        raise SystemExit(f"expected s3://bucket/prefix, got {url!r}")
    bucket, _, prefix = url[5:].partition("/")
    return bucket, prefix.strip("/")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def mirror(url: str, folder: Path) -> int:
    bucket, prefix = _split(url)
    s3 = boto3.client("s3")
    lines = []
    for page in s3.get_paginator("list_objects_v2").paginate(
        Bucket=bucket, Prefix=f"{prefix}/" if prefix else ""
    ):
        for item in page.get("Contents", []):
            key = item["Key"]
            relative = key[len(prefix) + 1 :] if prefix else key
            data = s3.get_object(Bucket=bucket, Key=key)["Body"].read()
            target = folder / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            lines.append(f"{_sha256(data)}  {relative}")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / MANIFEST).write_text("".join(f"{line}\n" for line in sorted(lines, key=lambda x: x[66:])))
    return len(lines)


def _entries(folder: Path) -> list[tuple[str, str]]:
    manifest = folder / MANIFEST
    if not manifest.exists():
        raise SystemExit(f"{manifest} is missing: not a storage backup")
    return [(line[:64], line[66:]) for line in manifest.read_text().splitlines() if line]


def verify(folder: Path) -> int:
    entries = _entries(folder)
    for digest, relative in entries:
        path = folder / relative
        if not path.exists():
            print(
                f"restore stopped: object {relative!r} is listed in the backup but missing", file=sys.stderr
            )
            raise SystemExit(2)
        if _sha256(path.read_bytes()) != digest:
            print(
                f"restore stopped: object {relative!r} does not match its checksum in the backup "
                f"(expected sha256 {digest})",
                file=sys.stderr,
            )
            raise SystemExit(2)
    return len(entries)


def upload(folder: Path, url: str) -> int:
    count = verify(folder)
    bucket, prefix = _split(url)
    s3 = boto3.client("s3")
    for digest, relative in _entries(folder):
        key = f"{prefix}/{relative}" if prefix else relative
        s3.put_object(Bucket=bucket, Key=key, Body=(folder / relative).read_bytes())
        if _sha256(s3.get_object(Bucket=bucket, Key=key)["Body"].read()) != digest:
            print(
                f"restore stopped: s3://{bucket}/{key} does not match its checksum after upload",
                file=sys.stderr,
            )
            raise SystemExit(2)
    return count


def main(argv: list[str]) -> int:
    command, *args = argv or ["help"]
    if command == "mirror" and len(args) == 2:
        print(f"mirrored {mirror(args[0], Path(args[1]))} objects")
    elif command == "verify" and len(args) == 1:
        print(f"verified {verify(Path(args[0]))} objects")
    elif command == "upload" and len(args) == 2:
        print(f"uploaded and verified {upload(Path(args[0]), args[1])} objects")
    else:
        print(__doc__, file=sys.stderr)
        return 64
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
