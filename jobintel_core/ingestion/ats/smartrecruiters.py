"""SmartRecruiters posting API (``/v1/companies/{id}/postings``, then one detail call per posting).

The list is paged with ``limit``/``offset`` up to ``totalFound`` and carries no description; the
detail (``/postings/{id}``) adds ``jobAd.sections`` (HTML), ``postingUrl`` and ``applyUrl``.
Parts are ``list-NNN.json`` and ``detail-<id>.json``. A posting withdrawn between the list and its
detail call (404), or whose detail did not arrive, keeps its list fields with ``detail_missing``
set (and no description) rather than being dropped. Employment type: the stable
``typeOfEmployment.id`` (``permanent``) first, its label (in the board's language: "Pełny etat")
second.
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
    first_by_id,
    list_under,
    load_json,
    parse_records,
    parse_timestamp,
    require,
    workplace_from_text,
)
from jobintel_core.ingestion.fetching.errors import FetchFailed
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.fetching.session import FetchSession
from jobintel_core.ingestion.normalization.posting import JobPosting, WorkplaceType

PAGE_SIZE = 100
MAX_PAGES = 100
_SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


def _label(value: Any) -> str | None:
    return value.get("label") if isinstance(value, dict) else None


def _id(value: Any) -> str | None:
    return value.get("id") if isinstance(value, dict) else None


def _description(detail: dict[str, Any]) -> str:
    sections = ((detail.get("jobAd") or {}).get("sections") or {}) if isinstance(detail, dict) else {}
    html = []
    for name in _SECTIONS:
        section = sections.get(name)
        if isinstance(section, dict) and section.get("text"):
            html.append(f"<h3>{section.get('title') or ''}</h3>{section['text']}")
    return "".join(html)


def _location(location: dict[str, Any]) -> tuple[list[str | None], WorkplaceType]:
    text = location.get("fullLocation") or ", ".join(
        str(location[k]) for k in ("city", "region", "country") if location.get(k)
    )
    named = workplace_from_text(text, location.get("city"))
    if location.get("remote") is True:
        kind = WorkplaceType.REMOTE
    elif location.get("hybrid") is True:
        kind = WorkplaceType.HYBRID
    elif named != WorkplaceType.UNKNOWN:
        kind = named  # "remote: false, hybrid: false" is the board's default, "Tel Aviv/ Hybrid" a statement
    elif location.get("remote") is False:
        kind = WorkplaceType.ONSITE
    else:
        kind = WorkplaceType.UNKNOWN
    return [text], kind


class SmartRecruiters:
    ats = "smartrecruiters"
    default_base_url = "https://api.smartrecruiters.com"
    policy = FetchPolicy()

    def fetch(self, session: FetchSession, provider: ProviderConfig) -> None:
        root = f"{base_url(provider, self)}/v1/companies/{provider.board}/postings"
        ids: list[str] = []
        offset = 0
        for page in range(MAX_PAGES):
            document = session.get_json(f"list-{page:03d}.json", f"{root}?limit={PAGE_SIZE}&offset={offset}")
            content = document.get("content") if isinstance(document, dict) else None
            if not isinstance(content, list):
                return  # the parser reports the malformed page, naming it
            ids.extend(str(item["id"]) for item in content if isinstance(item, dict) and item.get("id"))
            offset += len(content)
            if not content or offset >= int(document.get("totalFound") or 0):
                break
        else:
            raise FetchFailed(
                provider.key, f"more than {MAX_PAGES} pages of {PAGE_SIZE}: stopping (paging loop?)"
            )
        for posting_id in dict.fromkeys(ids):
            session.get_json(f"detail-{posting_id}.json", f"{root}/{posting_id}", missing_ok=True)

    def parse(self, payload: Payload, provider: ProviderConfig, fetched_at: datetime) -> ParseResult:
        listed: list[Any] = []
        details: dict[str, dict[str, Any]] = {}
        for name, body in payload:
            document = load_json(body, provider, name)
            if name.startswith("detail-"):
                if isinstance(document, dict):
                    details[name.removeprefix("detail-").removesuffix(".json")] = document
            else:
                listed.extend(list_under(document, "content", provider, where=f"payload part {name!r}"))

        def parse_one(item: dict[str, Any]) -> JobPosting:
            posting_id = str(require(item, "id"))
            detail = details.get(posting_id, {})
            locations, workplace = _location(item.get("location") or {})
            return build_posting(
                provider,
                external_id=posting_id,
                title=require(item, "name"),
                url=detail.get("postingUrl")
                or f"https://jobs.smartrecruiters.com/{provider.board}/{posting_id}",
                apply_url=detail.get("applyUrl"),
                fetched_at=fetched_at,
                description_html=_description(detail),
                locations=locations,
                workplace_type=workplace,
                department=_label(item.get("department")),
                team=_label(item.get("function")),
                employment_ids=(_id(item.get("typeOfEmployment")),),
                employment_label=_label(item.get("typeOfEmployment")),
                pay_stated_in="jobAd",
                posted_at=parse_timestamp(item.get("releasedDate"), "releasedDate"),
                detail_missing="jobAd" not in detail,
            )

        return parse_records(first_by_id(listed, "id"), provider, parse_one, id_key="id")
