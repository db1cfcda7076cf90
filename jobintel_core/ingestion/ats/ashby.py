"""Ashby posting API (``/posting-api/job-board/{name}?includeCompensation=true``).

``workplaceType`` is preferred over ``isRemote`` (hybrid roles can carry ``isRemote: true``);
unlisted postings (``isListed: false``) are counted, not kept; salary comes from the
compensation tiers' ``Salary`` components, widest range across tiers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jobintel_core.ingestion.fetching.policy import FetchPolicy
from jobintel_core.ingestion.fetching.session import FetchSession
from jobintel_core.ingestion.posting import Compensation, JobPosting, WorkplaceType
from jobintel_core.ingestion.ats.base import (
    ParseResult,
    base_url,
    build_posting,
    list_under,
    only_json,
    normalize_employment_type,
    parse_interval,
    parse_records,
    parse_timestamp,
    require,
    unique,
)
from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.payload import Payload

_WORKPLACE = {
    "remote": WorkplaceType.REMOTE,
    "hybrid": WorkplaceType.HYBRID,
    "onsite": WorkplaceType.ONSITE,
}


def _salary(job: dict[str, Any]) -> Compensation | None:
    components = [
        component
        for tier in (job.get("compensation") or {}).get("compensationTiers") or []
        for component in (tier.get("components") or [])
        if isinstance(component, dict) and component.get("compensationType") == "Salary"
    ]
    if not components:
        return None
    mins = [c["minValue"] for c in components if isinstance(c.get("minValue"), (int, float))]
    maxs = [c["maxValue"] for c in components if isinstance(c.get("maxValue"), (int, float))]
    return Compensation(
        min=float(min(mins)) if mins else None,
        max=float(max(maxs)) if maxs else None,
        currency=components[0].get("currencyCode"),
        interval=parse_interval(components[0].get("interval")),
        source="compensationTiers",
    )


def _workplace(job: dict[str, Any]) -> WorkplaceType:
    declared = _WORKPLACE.get(str(job.get("workplaceType") or "").lower())
    if declared:
        return declared
    return WorkplaceType.REMOTE if job.get("isRemote") is True else WorkplaceType.UNKNOWN


class Ashby:
    ats = "ashby"
    default_base_url = "https://api.ashbyhq.com"
    policy = FetchPolicy()

    def fetch(self, session: FetchSession, provider: ProviderConfig) -> None:
        session.get_json(
            "board.json",
            f"{base_url(provider, self)}/posting-api/job-board/{provider.board}?includeCompensation=true",
        )

    def parse(self, payload: Payload, provider: ProviderConfig, fetched_at: datetime) -> ParseResult:
        document = only_json(payload, provider)
        jobs = list_under(document, "jobs", provider)

        def parse_one(job: dict[str, Any]) -> JobPosting | None:
            if job.get("isListed") is False:
                return None
            secondary = [s.get("location") for s in job.get("secondaryLocations") or [] if isinstance(s, dict)]
            return build_posting(
                provider,
                external_id=require(job, "id"),
                title=require(job, "title"),
                url=require(job, "jobUrl"),
                apply_url=job.get("applyUrl"),
                fetched_at=fetched_at,
                description_html=job.get("descriptionHtml"),
                locations=unique([job.get("location"), *secondary]),
                workplace_type=_workplace(job),
                department=job.get("department"),
                team=job.get("team"),
                employment_type=normalize_employment_type(job.get("employmentType")),
                compensation=_salary(job),
                posted_at=parse_timestamp(job.get("publishedAt"), "publishedAt"),
            )

        return parse_records(jobs, provider, parse_one, id_key="id")
