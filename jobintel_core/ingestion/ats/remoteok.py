"""RemoteOK public API (``/api``, optionally ``?tag=<board>``; ``board: all`` for the whole feed).

Element 0 of the array is ``{last_updated, legal}``, not a job: it is skipped (its terms ask for a
link back and attribution: keep the posting URL when you show a RemoteOK job). Descriptions carry
an injected "Please mention the word …" sentence meant to catch bots applying; it is stripped,
since it is not part of the job and would otherwise change the text (and content hash) daily.
Salaries are yearly USD; 0 means unknown. Every job is remote.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from jobintel_core.config.fetch_policy import FetchPolicy
from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.ats.base import (
    ParseResult,
    PayloadError,
    base_url,
    build_posting,
    only_json,
    parse_records,
    parse_timestamp,
    require,
)
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.fetching.session import FetchSession
from jobintel_core.ingestion.normalization.posting import JobPosting, WorkplaceType
from jobintel_core.ingestion.reading.pay import Compensation, CompensationInterval

_INJECTED = re.compile(
    r"Please mention the word\b.*?(?:see they(?:'|’|&#39;|&rsquo;)re human\.|(?=<)|$)",
    re.IGNORECASE | re.DOTALL,
)


def strip_injected(html: str) -> str:
    return _INJECTED.sub("", html)


def _positive(value: object) -> float | None:
    return value if isinstance(value, int | float) and value > 0 else None


def _salary(job: dict[str, Any]) -> Compensation | None:
    low, high = (_positive(job.get(k)) for k in ("salary_min", "salary_max"))
    if low is None and high is None:
        return None
    return Compensation(
        min=low, max=high, currency="USD", interval=CompensationInterval.YEAR, source="remoteok"
    )


class RemoteOK:
    ats = "remoteok"
    default_base_url = "https://remoteok.com"
    policy = FetchPolicy()

    def fetch(self, session: FetchSession, provider: ProviderConfig) -> None:
        query = "" if provider.board == "all" else f"?tag={provider.board}"
        session.get_json("board.json", f"{base_url(provider, self)}/api{query}")

    def parse(self, payload: Payload, provider: ProviderConfig, fetched_at: datetime) -> ParseResult:
        document = only_json(payload, provider)
        if not isinstance(document, list):
            raise PayloadError(provider, "expected a JSON array at the top level")
        jobs = [row for row in document if not (isinstance(row, dict) and "legal" in row and "id" not in row)]

        def parse_one(job: dict[str, Any]) -> JobPosting:
            return build_posting(
                provider,
                external_id=require(job, "id"),
                title=require(job, "position"),
                url=require(job, "url"),
                apply_url=job.get("apply_url"),
                fetched_at=fetched_at,
                description_html=strip_injected(str(job.get("description") or "")),
                company=job.get("company"),
                locations=[job.get("location")],
                workplace_type=WorkplaceType.REMOTE,
                compensation=_salary(job),
                pay_stated_in="description",
                posted_at=parse_timestamp(job.get("date"), "date"),
            )

        return parse_records(jobs, provider, parse_one, id_key="id")
