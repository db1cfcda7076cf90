"""Greenhouse job board API (``/v1/boards/{token}/jobs?content=true&pay_transparency=true``).

Facts that shape this parser: ``content`` is entity-escaped HTML (unescape, then parse). There is
no remote flag: the "Location Type"/"Workplace Type" custom field decides, and only without one
does the location text. Pay: ``pay_input_ranges`` (only sent with ``pay_transparency=true``;
amounts in cents, the first range's currency, never mixed) first, then a range stated in the
description (``compensation_source`` says which). ``location.name`` may join several places with
``|`` or ``;``, and offices repeat it: both are split and de-duplicated by place.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jobintel_core.config.fetch_policy import FetchPolicy
from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.ats.base import (
    ParseResult,
    RecordError,
    base_url,
    build_posting,
    list_under,
    only_json,
    parse_interval,
    parse_records,
    parse_timestamp,
    require,
    workplace_from_text,
)
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.fetching.session import FetchSession
from jobintel_core.ingestion.normalization.posting import JobPosting
from jobintel_core.ingestion.reading.pay import Compensation, CompensationInterval

_WORKPLACE_FIELDS = {"location type", "workplace type", "remote status", "work location", "workplace"}
_EMPLOYMENT_FIELDS = {"employment type", "employment", "job type", "employment status"}
_ANNUAL_FLOOR = 10_000  # a range with no stated interval and a floor this high is a yearly salary


def _metadata_value(job: dict[str, Any], names: set[str]) -> str | None:
    for item in job.get("metadata") or []:
        if isinstance(item, dict) and str(item.get("name", "")).strip().lower() in names:
            value = item.get("value")
            if isinstance(value, list):
                value = ", ".join(str(v) for v in value)
            return str(value) if value not in (None, "") else None
    return None


def _cents(value: Any, where: str) -> float | None:
    if value is None or value == "":
        return None
    try:
        return float(value) / 100
    except (TypeError, ValueError):
        raise RecordError(where, f"not a number of cents: {value!r}") from None


def _pay_range(job: dict[str, Any]) -> Compensation | None:
    """The first of ``pay_input_ranges`` (ranges after it are other currencies or zones)."""
    ranges = [r for r in job.get("pay_input_ranges") or [] if isinstance(r, dict)]
    if not ranges:
        return None
    first = ranges[0]
    low = _cents(first.get("min_cents"), "pay_input_ranges.min_cents")
    high = _cents(first.get("max_cents"), "pay_input_ranges.max_cents")
    if low is None and high is None:
        return None
    words = f"{first.get('title') or ''} {first.get('blurb') or ''}"
    interval = parse_interval(words)
    if interval == CompensationInterval.UNKNOWN and (low or high or 0) >= _ANNUAL_FLOOR:
        interval = CompensationInterval.YEAR
    return Compensation(
        min=low, max=high, currency=first.get("currency_type"), interval=interval, source="pay_input_ranges"
    )


def _office_location(office: dict[str, Any]) -> Any:
    location = office.get("location")
    if isinstance(location, dict):
        location = location.get("name")
    return location or office.get("name")


class Greenhouse:
    ats = "greenhouse"
    default_base_url = "https://boards-api.greenhouse.io"
    policy = FetchPolicy()

    def fetch(self, session: FetchSession, provider: ProviderConfig) -> None:
        session.get_json(
            "board.json",
            f"{base_url(provider, self)}/v1/boards/{provider.board}/jobs?content=true&pay_transparency=true",
        )

    def parse(self, payload: Payload, provider: ProviderConfig, fetched_at: datetime) -> ParseResult:
        document = only_json(payload, provider)
        jobs = list_under(document, "jobs", provider)

        def parse_one(job: dict[str, Any]) -> JobPosting:
            location = (job.get("location") or {}).get("name")
            offices = [_office_location(o) for o in job.get("offices") or [] if isinstance(o, dict)]
            departments = [d.get("name") for d in job.get("departments") or [] if isinstance(d, dict)]
            url = require(job, "absolute_url")
            content = job.get("content")
            return build_posting(
                provider,
                external_id=require(job, "id"),
                title=require(job, "title"),
                url=url,
                apply_url=url,
                fetched_at=fetched_at,
                description_html=content,
                html_is_escaped=True,
                locations=[location, *offices],
                workplace_type=workplace_from_text(_metadata_value(job, _WORKPLACE_FIELDS), location),
                department=departments[0] if departments else None,
                employment_label=_metadata_value(job, _EMPLOYMENT_FIELDS),
                compensation=_pay_range(job),
                pay_stated_in="content",
                posted_at=parse_timestamp(job.get("first_published"), "first_published"),
                source_updated_at=parse_timestamp(job.get("updated_at"), "updated_at"),
            )

        return parse_records(jobs, provider, parse_one, id_key="id")
