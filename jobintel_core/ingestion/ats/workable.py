"""Workable widget API (``/api/v1/widget/accounts/{slug}?details=true``).

One document ``{name, description, jobs[]}``; descriptions only with ``details=true``; dates
without times; ``telecommuting`` is the remote flag. Every Workable board sits behind Cloudflare
on one shared host, so the family default is much slower than the global one (one request every
five seconds): a challenge page there costs every Workable board, not just one.

Locations: the ``locations`` list (each ``{city, region, country, countryCode, hidden}``) when the
job has one, minus the entries marked ``hidden``; the job-level ``city/state/country`` only when
it has none (it repeats the first entry, hidden or not). A job listed once per location (the same
``shortcode`` twice) is one job with all its locations.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jobintel_core.config.fetch_policy import FetchPolicy
from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.ats.base import (
    ParseResult,
    base_url,
    build_posting,
    list_under,
    only_json,
    parse_records,
    parse_timestamp,
    require,
    workplace_from_text,
)
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.fetching.session import FetchSession
from jobintel_core.ingestion.normalization.posting import JobPosting, WorkplaceType


def _place(item: dict[str, Any]) -> str | None:
    """``city, region, country`` (repeated neighbours are dropped when locations are cleaned)."""
    parts = (item.get("city"), item.get("region") or item.get("state"), item.get("country"))
    return ", ".join(str(p) for p in parts if p) or None


def _places(job: dict[str, Any]) -> list[str | None]:
    listed = (
        [p for p in job.get("locations") or [] if isinstance(p, dict)]
        if isinstance(job.get("locations"), list)
        else []
    )
    if listed:
        return [_place(p) for p in listed if p.get("hidden") is not True]
    return [_place(job)]


def merge_by_shortcode(jobs: list[Any]) -> list[Any]:
    """One record per shortcode: a job listed once per location keeps the first record's fields;
    the later records ride along under ``_listed_again`` so their places are added when parsed."""
    merged: dict[str, dict[str, Any]] = {}
    out: list[Any] = []
    for job in jobs:
        code = job.get("shortcode") if isinstance(job, dict) else None
        if code in (None, ""):
            out.append(job)
        elif str(code) in merged:
            merged[str(code)]["_listed_again"].append(job)
        else:
            merged[str(code)] = {**job, "_listed_again": []}
            out.append(merged[str(code)])
    return out


class Workable:
    ats = "workable"
    default_base_url = "https://apply.workable.com"
    policy = FetchPolicy(rps=0.2, backoff_base_s=10.0, backoff_cap_s=300.0)

    def fetch(self, session: FetchSession, provider: ProviderConfig) -> None:
        session.get_json(
            "board.json", f"{base_url(provider, self)}/api/v1/widget/accounts/{provider.board}?details=true"
        )

    def parse(self, payload: Payload, provider: ProviderConfig, fetched_at: datetime) -> ParseResult:
        document = only_json(payload, provider)
        jobs = list_under(document, "jobs", provider)

        def parse_one(job: dict[str, Any]) -> JobPosting:
            locations = [
                place for record in (job, *job.get("_listed_again", ())) for place in _places(record)
            ]
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
                employment_label=job.get("employment_type"),
                pay_stated_in="description",
                posted_at=parse_timestamp(job.get("published_on") or job.get("created_at"), "published_on"),
            )

        return parse_records(merge_by_shortcode(jobs), provider, parse_one, id_key="shortcode")
