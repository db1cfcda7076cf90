"""Lever postings API (``/v0/postings/{site}?mode=json``).

A bare JSON array per page, paged with ``skip``/``limit``: we ask for pages of ``PAGE_SIZE`` until
one comes back short (each page is a payload part; a single bundled capture is one part too).
There is no "updated" timestamp, so changes are detected by content hash.
The readable description is spread over ``description``, ``lists[]``, ``additional`` and
``salaryDescription``; we reassemble them in page order so the text matches what candidates see.
Pay: ``salaryRange`` when present, else a range stated in ``salaryDescription``, then in
``additional`` (where many boards put their pay-transparency paragraph), then in ``description``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from jobintel_core.config.fetch_policy import FetchPolicy
from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.ats.base import (
    ParseResult,
    PayloadError,
    RecordError,
    base_url,
    build_posting,
    first_by_id,
    load_json,
    parse_interval,
    parse_records,
    parse_timestamp,
    require,
    workplace_from_text,
)
from jobintel_core.ingestion.fetching.errors import FetchFailed
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.fetching.session import FetchSession
from jobintel_core.ingestion.normalization.posting import JobPosting, WorkplaceType
from jobintel_core.ingestion.normalization.text import html_to_text
from jobintel_core.ingestion.reading.locations import country_code
from jobintel_core.ingestion.reading.pay import Compensation, pay_from_text

PAGE_SIZE = 100
MAX_PAGES = 100  # 10,000 postings: far beyond any real board, a guard against a paging loop

_WORKPLACE = {
    "remote": WorkplaceType.REMOTE,
    "hybrid": WorkplaceType.HYBRID,
    "on-site": WorkplaceType.ONSITE,
    "onsite": WorkplaceType.ONSITE,
}


def _description(posting: dict[str, Any]) -> str:
    parts = [posting.get("description") or ""]
    for item in posting.get("lists") or []:
        if isinstance(item, dict):
            parts.append(f"<h3>{item.get('text') or ''}</h3><ul>{item.get('content') or ''}</ul>")
    parts.append(posting.get("additional") or "")
    parts.append(posting.get("salaryDescription") or "")
    return "".join(parts)


def _salary(posting: dict[str, Any]) -> Compensation | None:
    salary = posting.get("salaryRange")
    if not isinstance(salary, dict):
        for field in ("salaryDescription", "additional", "description"):
            stated = posting.get(f"{field}Plain") or html_to_text(str(posting.get(field) or ""))
            pay = pay_from_text(str(stated), field)
            if pay is not None:
                return pay
        return None
    try:
        low = float(salary["min"]) if salary.get("min") is not None else None
        high = float(salary["max"]) if salary.get("max") is not None else None
    except (TypeError, ValueError):
        raise RecordError("salaryRange", f"min/max are not numbers: {salary!r}") from None
    return Compensation(
        min=low,
        max=high,
        currency=salary.get("currency"),
        interval=parse_interval(salary.get("interval")),
        source="salaryRange",
    )


class Lever:
    ats = "lever"
    default_base_url = "https://api.lever.co"
    policy = FetchPolicy()

    def fetch(self, session: FetchSession, provider: ProviderConfig) -> None:
        root = f"{base_url(provider, self)}/v0/postings/{provider.board}?mode=json"
        for page in range(MAX_PAGES):
            document = session.get_json(
                f"page-{page:03d}.json", f"{root}&skip={page * PAGE_SIZE}&limit={PAGE_SIZE}"
            )
            if not isinstance(document, list) or len(document) < PAGE_SIZE:
                return
        raise FetchFailed(
            provider.key, f"more than {MAX_PAGES} pages of {PAGE_SIZE}: stopping (paging loop?)"
        )

    def parse(self, payload: Payload, provider: ProviderConfig, fetched_at: datetime) -> ParseResult:
        document: list[Any] = []
        for name, body in payload:
            page = load_json(body, provider, name)
            if not isinstance(page, list):
                raise PayloadError(provider, f"payload part {name!r}: expected a JSON array of postings")
            document.extend(page)

        def parse_one(posting: dict[str, Any]) -> JobPosting:
            categories = posting.get("categories") or {}
            location = categories.get("location")
            all_locations = categories.get("allLocations") or []
            workplace = _WORKPLACE.get(str(posting.get("workplaceType", "")).lower())
            return build_posting(
                provider,
                external_id=require(posting, "id"),
                title=require(posting, "text"),
                url=require(posting, "hostedUrl"),
                apply_url=posting.get("applyUrl"),
                fetched_at=fetched_at,
                description_html=_description(posting),
                locations=[location, *all_locations],
                location_countries=(country_code(str(posting.get("country") or "")),),
                workplace_type=workplace or workplace_from_text(location),
                department=categories.get("department"),
                team=categories.get("team"),
                employment_label=categories.get("commitment"),
                compensation=_salary(posting),
                posted_at=parse_timestamp(posting.get("createdAt"), "createdAt"),
            )

        return parse_records(first_by_id(document, "id"), provider, parse_one, id_key="id")
