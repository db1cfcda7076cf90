"""Career pages carrying schema.org ``JobPosting`` as JSON-LD (``<script type="application/ld+json">``).

The registry entry gives the page ``url``. A page can hold several blocks, some invalid; a block
can be an object, a list or ``{"@graph": [...]}``, and ``@type`` a string or a list. Blocks are
decoded tolerantly (CDATA wrappers, JS comments, raw control characters, trailing braces are
repaired or ignored); a block that still is not JSON is reported as a rejection naming the page
part and block number, and the page's other blocks are kept. A page with no JSON-LD at all is a
payload error, not "no jobs": a careers page that lost its markup must be noticed.

The description is ``description`` followed by the schema.org fields many pages use for the rest
of the ad (``responsibilities``, ``qualifications``, ``skills``, ``educationRequirements``,
``experienceRequirements``, ``jobBenefits``), each as a titled section: on real pages they can hold
most of the text. ``employmentType`` is schema.org's own vocabulary and is read as structured ids. Pay: ``baseSalary``,
else a range or a single rate with its interval stated in the text ("$17.00 per hour").
"""

from __future__ import annotations

import html
import json
import re
from datetime import datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from jobintel_core.base.identity import short_hash
from jobintel_core.config.fetch_policy import FetchPolicy
from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.ats.base import (
    ParseResult,
    PayloadError,
    RecordError,
    Rejection,
    build_posting,
    first_by_id,
    parse_interval,
    parse_records,
    parse_timestamp,
    workplace_from_text,
)
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.fetching.session import FetchSession
from jobintel_core.ingestion.normalization.posting import JobPosting, WorkplaceType
from jobintel_core.ingestion.reading.pay import Compensation

_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_BLOCK_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_LINE_COMMENT = re.compile(r"^\s*//.*$", re.MULTILINE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_block(text: str) -> Any:
    """JSON from a JSON-LD block as found in the wild; raises ``ValueError`` saying why not."""
    cleaned = _CONTROL.sub(" ", _LINE_COMMENT.sub("", _BLOCK_COMMENT.sub("", _CDATA.sub("", text)))).strip()
    if not cleaned:
        raise ValueError("empty block")
    try:
        value, _ = json.JSONDecoder(strict=False).raw_decode(cleaned)  # trailing junk is ignored
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at char {exc.pos})") from None
    return value


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type")
    return [str(k) for k in (kind if isinstance(kind, list) else [kind]) if k]


def _collect(node: Any, postings: list[dict[str, Any]]) -> None:
    """Every JobPosting in a block (bare, list, ``@graph``, nested in an ItemList)."""
    if isinstance(node, list):
        for item in node:
            _collect(item, postings)
    elif isinstance(node, dict):
        if "JobPosting" in _types(node):
            postings.append(node)
            return
        for value in node.values():
            if isinstance(value, (dict, list)):
                _collect(value, postings)


def _text(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    return str(value).strip() if value not in (None, "") else None


def _place(place: Any) -> str | None:
    if not isinstance(place, dict):
        return _text(place)
    address = place.get("address", place)
    if not isinstance(address, dict):
        return _text(address)
    parts = [_text(address.get(k)) for k in ("addressLocality", "addressRegion", "addressCountry")]
    return ", ".join(p for p in parts if p) or _text(place.get("name"))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [] if value is None else [value]


_SECTIONS = (
    ("responsibilities", "Responsibilities"),
    ("qualifications", "Qualifications"),
    ("skills", "Skills"),
    ("educationRequirements", "Education"),
    ("experienceRequirements", "Experience"),
    ("jobBenefits", "Benefits"),
)


def _section_text(value: Any) -> str:
    """A section's value as HTML: text or markup as is, a list as list items, a schema.org object
    (``EducationalOccupationalCredential``, ``OccupationalExperienceRequirements``) by what it says."""
    if isinstance(value, list):
        items = [_section_text(v) for v in value]
        return "<ul>" + "".join(f"<li>{item}</li>" for item in items if item) + "</ul>"
    if isinstance(value, dict):
        if value.get("monthsOfExperience") not in (None, ""):
            return f"{value['monthsOfExperience']} months of experience"
        for key in ("description", "credentialCategory", "name", "@value"):
            if value.get(key) not in (None, ""):
                return _section_text(value[key])
        return ""
    return "" if value is None else str(value)


def _description(node: dict[str, Any]) -> str:
    """The description as markup (some pages entity-escape it once more), then the sections."""
    description = str(node.get("description") or "")
    if "<" not in description and "&lt;" in description:
        description = html.unescape(description)
    parts = [description]
    for key, title in _SECTIONS:
        body = _section_text(node.get(key)).strip()
        if body:
            parts.append(f"<h3>{title}</h3><div>{body}</div>")
    return "".join(parts)


def _salary(node: dict[str, Any]) -> Compensation | None:
    salary = node.get("baseSalary")
    if not isinstance(salary, dict):
        return None
    inner = salary.get("value")
    value: dict[str, Any] = inner if isinstance(inner, dict) else salary

    def number(key: str) -> float | None:
        raw: Any = value.get(key)
        try:
            number = float(raw) if raw not in (None, "") else None
        except (TypeError, ValueError):
            raise RecordError(f"baseSalary.{key}", f"not a number: {raw!r}") from None
        return number if number else None  # 0 means "not given" in the wild

    low, high, single = number("minValue"), number("maxValue"), number("value")
    if single is not None and low is None and high is None:
        low = high = single
    if low is None and high is None:
        return None
    return Compensation(
        min=low,
        max=high,
        currency=salary.get("currency") or value.get("currency"),
        interval=parse_interval(value.get("unitText") or salary.get("unitText")),
        source="baseSalary",
    )


def _external_id(node: dict[str, Any]) -> str:
    identifier = node.get("identifier")
    for item in _as_list(identifier):
        if isinstance(item, dict) and item.get("value") not in (None, ""):
            return str(item["value"])
        if isinstance(item, (str, int)) and str(item).strip():
            return str(item).strip()
    if node.get("url"):
        return str(node["url"])
    return "t-" + short_hash(
        str(node.get("title")),
        str(node.get("datePosted")),
        json.dumps(node.get("jobLocation"), sort_keys=True, default=str),
    )


class JsonLdCareerPage:
    ats = "jsonld"
    default_base_url = None
    policy = FetchPolicy()

    def fetch(self, session: FetchSession, provider: ProviderConfig) -> None:
        session.get("page-000.html", str(provider.url), expect="html")

    def parse(self, payload: Payload, provider: ProviderConfig, fetched_at: datetime) -> ParseResult:
        found: list[dict[str, Any]] = []
        broken: list[Rejection] = []
        blocks_seen = 0
        for name, body in payload:
            tree = LexborHTMLParser(body.decode("utf-8", "replace"))
            postings: list[dict[str, Any]] = []
            for number, script in enumerate(tree.css('script[type="application/ld+json"]')):
                blocks_seen += 1
                try:
                    _collect(decode_block(script.text(deep=True)), postings)
                except ValueError as exc:
                    broken.append(Rejection(number, None, f"{name} JSON-LD block #{number}: {exc}"))
            found.extend({**node, "_id": _external_id(node)} for node in postings)
        if blocks_seen == 0:
            raise PayloadError(
                provider, f"no JSON-LD blocks in {list(payload.parts)}: page changed or not a careers page"
            )
        found = first_by_id(found, "_id")
        single_page_posting = len(found) == 1

        def parse_one(node: dict[str, Any]) -> JobPosting:
            url = node.get("url") or (provider.url if single_page_posting else None)
            if not url:
                raise RecordError(
                    "url", "missing, and the page holds several postings (cannot link this one)"
                )
            locations = [_place(p) for p in _as_list(node.get("jobLocation"))]
            remote = "TELECOMMUTE" in str(node.get("jobLocationType") or "").upper()
            if remote:
                regions = [_text(r) for r in _as_list(node.get("applicantLocationRequirements"))]
                locations += [f"Remote ({r})" for r in regions if r] or ["Remote"]
            hybrid = workplace_from_text(str(node.get("title") or "")) == WorkplaceType.HYBRID
            workplace = (
                WorkplaceType.REMOTE
                if remote
                else WorkplaceType.HYBRID
                if hybrid
                else WorkplaceType.ONSITE
                if node.get("jobLocation")
                else WorkplaceType.UNKNOWN
            )
            description = _description(node)
            employment = [str(e) for e in _as_list(node.get("employmentType")) if e not in (None, "")]
            return build_posting(
                provider,
                external_id=node["_id"],
                title=node.get("title"),
                url=url,
                fetched_at=fetched_at,
                description_html=description,
                locations=locations,
                workplace_type=workplace,
                employment_ids=tuple(employment),
                employment_label=", ".join(employment) or None,
                compensation=_salary(node),
                pay_stated_in="description",
                posted_at=parse_timestamp(node.get("datePosted"), "datePosted"),
            )

        result = parse_records(found, provider, parse_one, id_key="_id")
        result.rejected[:0] = broken
        return result
