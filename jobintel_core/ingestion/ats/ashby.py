"""Ashby posting API (``/posting-api/job-board/{name}?includeCompensation=true``).

Workplace: ``workplaceType`` when present (hybrid roles can carry ``isRemote: true``). Without it
(about half of real postings), ``isRemote`` alone is not believed: a location naming "Hybrid", or
a description asking for office days (``reading.office_days``: days in an office, a required
presence, an office named as the place of work — not the bare word "hybrid" nor office perks),
makes the role hybrid; a location naming an office makes it ``unknown``: the signals disagree and
nothing says which is right. Unlisted postings (``isListed: false``) are counted, not kept.
Pay comes from the compensation tiers' ``Salary`` components of **one** currency (the posting
country's when a tier is in it, else the first tier's) and **one** interval (yearly when a tier
is, else the first tier's): tiers in other currencies or intervals are never merged into one
range. Without tiers, a range stated in the description is read (on real boards, a fifth of the
postings with pay state it only there).
"""

from __future__ import annotations

import re
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
    parse_interval,
    parse_records,
    parse_timestamp,
    require,
    workplace_from_text,
)
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.fetching.session import FetchSession
from jobintel_core.ingestion.normalization.posting import JobPosting, WorkplaceType
from jobintel_core.ingestion.reading.locations import country_code, country_currency
from jobintel_core.ingestion.reading.office_days import office_days_rule
from jobintel_core.ingestion.reading.pay import Compensation, CompensationInterval

_WORKPLACE = {
    "remote": WorkplaceType.REMOTE,
    "hybrid": WorkplaceType.HYBRID,
    "onsite": WorkplaceType.ONSITE,
}
_OFFICE_NAME = re.compile(r"\b(?:office|hq|headquarters|campus)\b", re.IGNORECASE)


def _salary(job: dict[str, Any]) -> Compensation | None:
    components = [
        component
        for tier in (job.get("compensation") or {}).get("compensationTiers") or []
        if isinstance(tier, dict)
        for component in (tier.get("components") or [])
        if isinstance(component, dict) and component.get("compensationType") == "Salary"
    ]
    if not components:
        return None
    currencies = list(dict.fromkeys(str(c.get("currencyCode") or "").upper() for c in components))
    country = ((job.get("address") or {}).get("postalAddress") or {}).get("addressCountry")
    local = country_currency(country_code(country) if isinstance(country, str) else None)
    currency = local if local in currencies else currencies[0]
    same = [c for c in components if str(c.get("currencyCode") or "").upper() == currency]
    intervals = [parse_interval(c.get("interval")) for c in same]
    interval = CompensationInterval.YEAR if CompensationInterval.YEAR in intervals else intervals[0]
    same = [c for c, i in zip(same, intervals, strict=True) if i == interval]  # never a month beside a year
    mins = [c["minValue"] for c in same if isinstance(c.get("minValue"), (int, float))]
    maxs = [c["maxValue"] for c in same if isinstance(c.get("maxValue"), (int, float))]
    return Compensation(
        min=float(min(mins)) if mins else None,
        max=float(max(maxs)) if maxs else None,
        currency=currency or None,
        interval=interval,
        source="compensationTiers",
    )


def _workplace(job: dict[str, Any], locations: list[str | None]) -> WorkplaceType:
    declared = _WORKPLACE.get(str(job.get("workplaceType") or "").lower())
    if declared:
        return declared
    named = workplace_from_text(*locations)
    office_named = any(_OFFICE_NAME.search(name or "") for name in locations)
    description = str(job.get("descriptionPlain") or job.get("descriptionHtml") or "")
    office_days = office_days_rule(description) is not None
    if named == WorkplaceType.HYBRID or (
        office_days and (job.get("isRemote") is True or named == WorkplaceType.UNKNOWN)
    ):
        return WorkplaceType.HYBRID
    if job.get("isRemote") is True:
        return (
            WorkplaceType.UNKNOWN if office_named or named == WorkplaceType.ONSITE else WorkplaceType.REMOTE
        )
    if named in (WorkplaceType.ONSITE, WorkplaceType.REMOTE) or office_named:
        return named if named != WorkplaceType.UNKNOWN else WorkplaceType.ONSITE
    return WorkplaceType.UNKNOWN


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
            secondary = [
                s.get("location") for s in job.get("secondaryLocations") or [] if isinstance(s, dict)
            ]
            locations = [job.get("location"), *secondary]
            addresses = [job, *(s for s in job.get("secondaryLocations") or [] if isinstance(s, dict))]
            countries = tuple(
                country_code(
                    str(((a.get("address") or {}).get("postalAddress") or {}).get("addressCountry") or "")
                )
                for a in addresses
            )
            return build_posting(
                provider,
                external_id=require(job, "id"),
                title=require(job, "title"),
                url=require(job, "jobUrl"),
                apply_url=job.get("applyUrl"),
                fetched_at=fetched_at,
                description_html=job.get("descriptionHtml"),
                locations=locations,
                location_countries=countries,
                workplace_type=_workplace(job, locations),
                department=job.get("department"),
                team=job.get("team"),
                employment_ids=(job.get("employmentType"),),
                employment_label=job.get("employmentType"),
                compensation=_salary(job),
                pay_stated_in="descriptionHtml",
                posted_at=parse_timestamp(job.get("publishedAt"), "publishedAt"),
            )

        return parse_records(jobs, provider, parse_one, id_key="id")
