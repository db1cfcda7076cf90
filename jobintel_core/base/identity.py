"""Stable identifiers and content fingerprints.

``job_id`` must survive re-fetches, URL churn and content edits, so it hashes only what the board
itself uses as identity: (ats, board, external id). ``content_hash`` hashes what a reader sees, so
a changed salary or description is a change and a re-rendered HTML wrapper is not.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_HASH_LEN = 16

# Query parameters that only say where a click came from: they never identify a posting.
TRACKING_PARAMS = frozenset(
    {"gh_src", "source", "lever-source", "lever-origin", "ref", "referrer", "src", "fbclid", "gclid"}
)
TRACKING_PREFIXES = ("utm_",)


def short_hash(*parts: str) -> str:
    """First 16 hex chars of SHA-256 over the parts joined by a unit separator."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:_HASH_LEN]


def make_job_id(ats: str, board: str, external_id: str) -> str:
    return short_hash(ats.strip().lower(), board.strip().lower(), external_id.strip())


def canonical_json(value: Any) -> str:
    """JSON with sorted keys and no whitespace: the one serialization every hash goes through."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def content_hash(fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(fields).encode("utf-8")).hexdigest()[:_HASH_LEN]


def records_hash(records: Sequence[Mapping[str, Any]]) -> str:
    """Full SHA-256 over rows in the order given (callers sort first): an output's fingerprint."""
    digest = hashlib.sha256()
    for record in records:
        digest.update(canonical_json(record).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def canonical_url(url: str) -> str:
    """The URL with tracking parameters, fragment and trailing slash dropped and the host lower-cased.

    Kept parameters stay in their original order: ``?gh_jid=`` identifies a Greenhouse post.
    """
    parts = urlsplit(url.strip())
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMS and not key.lower().startswith(TRACKING_PREFIXES)
    ]
    path = parts.path.rstrip("/") if parts.path not in ("", "/") else ""
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), path, urlencode(query), ""))
