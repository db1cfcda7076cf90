"""Greenhouse job board API (``/v1/boards/{token}/jobs?content=true``).

Facts that shape this parser: ``content`` is entity-escaped HTML (unescape, then parse); there is
no remote flag (read the "Location Type"/"Workplace Type" custom field, then the location text);
there is no salary in the list endpoint.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jobintel_core.ingestion.fetching.policy import FetchPolicy
from jobintel_core.ingestion.fetching.session import FetchSession
from jobintel_core.ingestion.posting import JobPosting
from jobintel_core.ingestion.ats.base import (
    ParseResult,
    base_url,
    build_posting,
    list_under,
    only_json,
    normalize_employment_type,
    parse_records,
    parse_timestamp,
    require,
    unique,
    workplace_from_text,
)
from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.payload import Payload

_WORKPLACE_FIELDS = {"location type", "workplace type", "remote status", "work location"}
_EMPLOYMENT_FIELDS = {"employment type", "employment", "job type"}


def _metadata_value(job: dict[str, Any], names: set[str]) -> str | None:
    for item in job.get("metadata") or []:
        if isinstance(item, dict) and str(item.get("name", "")).strip().lower() in names:
            value = item.get("value")
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            return str(value) if value not in (None, "") else None
    return None


class Greenhouse:
    ats = "greenhouse"
    default_base_url = "https://boards-api.greenhouse.io"
    policy = FetchPolicy()

    def fetch(self, session: FetchSession, provider: ProviderConfig) -> None:
        session.get_json("board.json", f"{base_url(provider, self)}/v1/boards/{provider.board}/jobs?content=true")

    def parse(self, payload: Payload, provider: ProviderConfig, fetched_at: datetime) -> ParseResult:
        document = only_json(payload, provider)
        jobs = list_under(document, "jobs", provider)

        def parse_one(job: dict[str, Any]) -> JobPosting:
            location = (job.get("location") or {}).get("name")
            offices = [o.get("location") or o.get("name") for o in job.get("offices") or [] if isinstance(o, dict)]
            departments = [d.get("name") for d in job.get("departments") or [] if isinstance(d, dict)]
            workplace_field = _metadata_value(job, _WORKPLACE_FIELDS)
            url = require(job, "absolute_url")
            return build_posting(
                provider,
                external_id=require(job, "id"),
                title=require(job, "title"),
                url=url,
                apply_url=url,
                fetched_at=fetched_at,
                description_html=job.get("content"),
                html_is_escaped=True,
                locations=unique([location, *offices]) if location else unique(offices),
                workplace_type=workplace_from_text(workplace_field, location),
                department=departments[0] if departments else None,
                employment_type=normalize_employment_type(_metadata_value(job, _EMPLOYMENT_FIELDS)),
                posted_at=parse_timestamp(job.get("first_published"), "first_published"),
                source_updated_at=parse_timestamp(job.get("updated_at"), "updated_at"),
            )

        return parse_records(jobs, provider, parse_one, id_key="id")
