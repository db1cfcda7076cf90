"""Workable widget API (``/api/v1/widget/accounts/{slug}?details=true``).

One document ``{name, description, jobs[]}``; descriptions only with ``details=true``; dates
without times; ``telecommuting`` is the remote flag. Every Workable board sits behind Cloudflare
on one shared host, so the family default is much slower than the global one (one request every
five seconds): a challenge page there costs every Workable board, not just one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jobintel_core.ingestion.fetching.policy import FetchPolicy
from jobintel_core.ingestion.fetching.session import FetchSession
from jobintel_core.ingestion.posting import JobPosting, WorkplaceType
from jobintel_core.ingestion.ats.base import (
    ParseResult,
    base_url,
    build_posting,
    list_under,
    normalize_employment_type,
    only_json,
    parse_records,
    parse_timestamp,
    require,
    unique,
    workplace_from_text,
)
from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.payload import Payload


def _place(item: dict[str, Any]) -> str | None:
    """``city, region, country``; a region named like its city (Lisbon, Lisbon) is said once, so the
    job-level location and the same place in ``locations`` come out equal and collapse."""
    city, region, country = item.get("city"), item.get("region") or item.get("state"), item.get("country")
    if region and city and str(region).strip().lower() == str(city).strip().lower():
        region = None
    return ", ".join(str(p) for p in (city, region, country) if p) or None


class Workable:
    ats = "workable"
    default_base_url = "https://apply.workable.com"
    policy = FetchPolicy(rps=0.2, backoff_base_s=10.0, backoff_cap_s=300.0)

    def fetch(self, session: FetchSession, provider: ProviderConfig) -> None:
        session.get_json("board.json", f"{base_url(provider, self)}/api/v1/widget/accounts/{provider.board}?details=true")

    def parse(self, payload: Payload, provider: ProviderConfig, fetched_at: datetime) -> ParseResult:
        document = only_json(payload, provider)
        jobs = list_under(document, "jobs", provider)

        def parse_one(job: dict[str, Any]) -> JobPosting:
            places = [_place(p) for p in job.get("locations") or [] if isinstance(p, dict) and not p.get("hidden")]
            locations = unique([*places, _place(job)])
            if job.get("telecommuting") is True:
                workplace = WorkplaceType.REMOTE
            else:
                workplace = workplace_from_text(*locations, job.get("title"))
            return build_posting(
                provider,
                external_id=require(job, "shortcode"),
                title=require(job, "title"),
                url=job.get("url") or require(job, "shortlink"),
                apply_url=job.get("application_url"),
                fetched_at=fetched_at,
                description_html=job.get("description"),
                locations=locations,
                workplace_type=workplace,
                department=job.get("department"),
                team=job.get("function"),
                employment_type=normalize_employment_type(job.get("employment_type")),
                posted_at=parse_timestamp(job.get("published_on") or job.get("created_at"), "published_on"),
            )

        return parse_records(jobs, provider, parse_one, id_key="shortcode")
