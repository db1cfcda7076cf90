"""What every ATS family shares: the interface, error types and field normalizers.

A family knows how to *fetch* a board (which URLs, in which order, through a ``FetchSession``
that applies every politeness and safety rule) and how to *parse* what was fetched (the exact
bytes the board sent, as named ``Payload`` parts) into ``JobPosting`` rows.
Structural problems (not JSON, wrong top-level shape) raise ``PayloadError`` and fail the
partition; a single bad posting is *rejected* with its index and reason and reported, so one odd
record does not cost a whole day of a board's data. The raw payload is stored before parsing in
both cases, so nothing is lost.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from pydantic import ValidationError

from jobintel_core.base.identity import canonical_url, content_hash, make_job_id
from jobintel_core.config.fetch_policy import FetchPolicy
from jobintel_core.config.registry import AtsName, ProviderConfig
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.fetching.session import FetchSession
from jobintel_core.ingestion.normalization.posting import JobPosting, WorkplaceType
from jobintel_core.ingestion.normalization.text import clean_inline, html_to_text
from jobintel_core.ingestion.reading.employment import employment_type
from jobintel_core.ingestion.reading.locations import resolve_locations
from jobintel_core.ingestion.reading.pay import Compensation, CompensationInterval, pay_from_text
from jobintel_core.ingestion.reading.posting_reading import read_posting

# Bump a family's version when a parser change alters what it extracts from the same payload.
# History compares rows of the same version only: a job whose row moved only because its parser
# did is not reported "changed" (``history.tracking.diff_history``).
# 3 (issue 28): every family shares the new place reader (states, provinces, aliases, several places
# in one location) and the stated-pay reader (pay context, plausibility, intervals said in German,
# French or Spanish; now run on every family's text fields); Ashby also reads office days on evidence
# only and never merges tier intervals.
PARSER_VERSIONS: dict[AtsName, int] = {
    "greenhouse": 3,
    "lever": 3,
    "ashby": 3,
    "smartrecruiters": 3,
    "workable": 3,
    "remoteok": 3,
    "jsonld": 3,
}


class PayloadError(ValueError):
    """A provider payload that cannot be parsed at all. The message names provider and cause."""

    def __init__(self, provider: ProviderConfig, detail: str) -> None:
        self.provider_key = provider.key
        self.detail = detail
        super().__init__(f"provider {provider.key!r} ({provider.ats}): {detail}")


class RecordError(ValueError):
    """One posting in an otherwise good payload is unusable; ``field`` names what was wrong."""

    def __init__(self, field_name: str, detail: str) -> None:
        self.field_name = field_name
        super().__init__(f"field '{field_name}': {detail}")


@dataclass(frozen=True)
class Rejection:
    index: int
    external_id: str | None
    reason: str


@dataclass
class ParseResult:
    postings: list[JobPosting] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    unlisted: int = 0


class AtsFamily(Protocol):
    """The one interface an ATS family implements (one module per family)."""

    ats: str
    policy: FetchPolicy  # the family's politeness defaults; registry ``fetch:`` overrides them

    def fetch(self, session: FetchSession, provider: ProviderConfig) -> None:
        """Request the board's documents through ``session`` (each becomes a payload part)."""
        ...

    def parse(self, payload: Payload, provider: ProviderConfig, fetched_at: datetime) -> ParseResult: ...

    @property
    def default_base_url(self) -> str | None:
        """The API root; None: each registry entry gives its own ``url``. Read-only here, so a
        family may declare it as a plain ``str``."""
        ...


def base_url(provider: ProviderConfig, family: AtsFamily) -> str:
    """The API root for an entry: its ``base_url`` (EU hosts, tests) or the family default."""
    root = provider.base_url or family.default_base_url
    if not root:
        raise PayloadError(provider, "registry entry needs 'url' or 'base_url' for this ATS")
    return root.rstrip("/")


def load_json(payload: bytes, provider: ProviderConfig, part: str | None = None) -> Any:
    """Decode a payload (part) as JSON, or raise ``PayloadError`` saying where it broke."""
    where = f"payload part {part!r}" if part else "payload"
    if not payload.strip():
        raise PayloadError(provider, f"{where} is empty")
    try:
        return json.loads(payload)
    except UnicodeDecodeError as exc:
        raise PayloadError(provider, f"{where} is not UTF-8 text: {exc}") from None
    except json.JSONDecodeError as exc:
        excerpt = payload[max(0, exc.pos - 30) : exc.pos + 30].decode("utf-8", "replace")
        raise PayloadError(
            provider, f"{where} is not valid JSON ({exc.msg} at char {exc.pos}, near {excerpt!r})"
        ) from None


def list_under(document: Any, key: str, provider: ProviderConfig, where: str = "the top level") -> list[Any]:
    """``document[key]`` when the document is an object holding a list there, else ``PayloadError``."""
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise PayloadError(provider, f"expected an object with a {key!r} list at {where}")
    items: list[Any] = document[key]
    return items


def only_json(payload: Payload, provider: ProviderConfig) -> Any:
    """The decoded document of a board that answers in one response."""
    if len(payload) != 1:
        raise PayloadError(provider, f"expected one payload part, got {list(payload.parts)}")
    name, body = payload.only()
    return load_json(body, provider, name)


def require(record: Mapping[str, Any], key: str) -> Any:
    """A field that must be present and non-empty for the posting to be usable."""
    value = record.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise RecordError(key, "missing or empty")
    return value


def parse_timestamp(value: Any, field_name: str) -> datetime | None:
    """ISO 8601 strings (with or without offset, ``Z`` allowed) or epoch milliseconds."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return datetime.fromtimestamp(value / 1000, tz=UTC)
        parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
    except (ValueError, OverflowError, OSError):
        raise RecordError(field_name, f"not a timestamp: {value!r}") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


_WORKPLACE_WORDS = (
    ("hybrid", WorkplaceType.HYBRID),
    ("remote", WorkplaceType.REMOTE),
    ("on-site", WorkplaceType.ONSITE),
    ("onsite", WorkplaceType.ONSITE),
    ("in office", WorkplaceType.ONSITE),
    ("in-office", WorkplaceType.ONSITE),
)


def workplace_from_text(*texts: str | None) -> WorkplaceType:
    """Best effort from free text, each text on its own and in the order given (callers pass the
    most structured first: a "Location Type" field before a location name), so a structured
    "On-Site" is never overruled by "Remote-Friendly" in a location. Within one text, hybrid wins
    over remote."""
    for text in texts:
        lowered = (text or "").lower()
        for word, kind in _WORKPLACE_WORDS:
            if word in lowered:
                return kind
    return WorkplaceType.UNKNOWN


_INTERVALS = {
    "year": CompensationInterval.YEAR,
    "yearly": CompensationInterval.YEAR,
    "annual": CompensationInterval.YEAR,
    "month": CompensationInterval.MONTH,
    "week": CompensationInterval.WEEK,
    "day": CompensationInterval.DAY,
    "hour": CompensationInterval.HOUR,
}


def parse_interval(value: str | None) -> CompensationInterval:
    """``1 YEAR``, ``per-year-salary``, ``YEAR`` and ``hourly`` map to one interval vocabulary."""
    if not value:
        return CompensationInterval.UNKNOWN
    for token in re.split(r"[\s_\-]+", value.lower()):
        token = token.removesuffix("ly") if token in ("hourly", "weekly", "monthly") else token
        if token in _INTERVALS:
            return _INTERVALS[token]
    return CompensationInterval.UNKNOWN


def build_posting(
    provider: ProviderConfig,
    *,
    external_id: Any,
    title: Any,
    url: Any,
    fetched_at: datetime,
    description_html: str | None = None,
    html_is_escaped: bool = False,
    company: str | None = None,
    apply_url: str | None = None,
    locations: list[str | None] | None = None,
    location_countries: tuple[str | None, ...] = (),
    workplace_type: WorkplaceType = WorkplaceType.UNKNOWN,
    department: str | None = None,
    team: str | None = None,
    employment_label: str | None = None,
    employment_ids: tuple[str | None, ...] = (),
    compensation: Compensation | None = None,
    pay_stated_in: str | None = None,
    posted_at: datetime | None = None,
    source_updated_at: datetime | None = None,
    detail_missing: bool = False,
) -> JobPosting:
    """Assemble a validated ``JobPosting``: ids, canonical URL, plain text, places and content hash.

    ``locations`` are the board's location strings, main one first; they are split, cleaned,
    resolved and de-duplicated here (``ingestion.locations``); ``location_countries`` are ISO codes
    the board states as data, which settle an ambiguous place name ("Santa Clara", "Georgia"). The employment type is read from
    the board's structured ``employment_ids`` first and its ``employment_label`` second; the label
    is kept as written. Without structured ``compensation``, ``pay_stated_in`` (the name of the
    payload field the description comes from) asks for a pay range stated in the description text.

    ``company`` is passed only by aggregator families (RemoteOK), whose postings name many hiring
    companies; every other family is one company's board, named by its registry entry's
    ``company``, whatever the payload calls it (so one company's boards on two ATSs agree, and
    what the user typed is what they see)."""
    external = str(external_id).strip()
    clean_title = clean_inline(title)
    if not clean_title:
        raise RecordError("title", "missing or empty")
    html_body = description_html or ""
    text_body = html_to_text(html_body, unescape_first=html_is_escaped)
    if compensation is None and pay_stated_in:
        compensation = pay_from_text(text_body, pay_stated_in)
    shown, places = resolve_locations(
        (clean_inline(value) for value in locations or []), [c for c in location_countries if c]
    )
    raw_employment = clean_inline(employment_label)
    fields: dict[str, Any] = {
        "company": clean_inline(company) or provider.company,
        "title": clean_title,
        "locations": shown,
        "workplace_type": workplace_type,
        "department": clean_inline(department),
        "team": clean_inline(team),
        "employment_type": employment_type(*employment_ids, raw_employment),
        "description_text": text_body,
    }
    hashed = {**fields, "compensation": compensation.model_dump(mode="json") if compensation else None}
    reading = read_posting(clean_title, text_body, places, WorkplaceType(workplace_type).value)
    try:
        return JobPosting(
            job_id=make_job_id(provider.ats, provider.board, external),
            provider=provider.key,
            ats=provider.ats,
            board=provider.board,
            external_id=external,
            url=canonical_url(str(url)),
            apply_url=apply_url.strip() if apply_url else None,
            description_html=html_body,
            places=places,
            employment_type_raw=raw_employment,
            detail_missing=detail_missing,
            parser_version=PARSER_VERSIONS[provider.ats],
            compensation=compensation,
            posted_at=posted_at,
            source_updated_at=source_updated_at,
            content_hash=content_hash(hashed),
            fetched_at=fetched_at,
            **reading.model_dump(),
            **fields,
        )
    except ValidationError as exc:
        err = exc.errors()[0]
        raise RecordError(".".join(str(p) for p in err["loc"]), err["msg"]) from None


def first_by_id(records: list[Any], id_key: str) -> list[Any]:
    """Records with a repeated id dropped, first kept: a posting published while we page shifts
    the pages, and career pages repeat their JSON-LD, so one id can arrive twice."""
    seen: set[str] = set()
    kept = []
    for record in records:
        key = record.get(id_key) if isinstance(record, dict) else None
        if key not in (None, ""):
            if str(key) in seen:
                continue
            seen.add(str(key))
        kept.append(record)
    return kept


class _ReadTracker(dict):  # type: ignore[type-arg]
    """A record that remembers the last top-level field a parser read, so a value of unexpected
    shape is reported by its field name (``field 'location'``), not as the whole record."""

    last_read: str | None = None

    def get(self, key: Any, default: Any = None) -> Any:
        self.last_read = str(key)
        return super().get(key, default)

    def __getitem__(self, key: Any) -> Any:
        self.last_read = str(key)
        return super().__getitem__(key)


def parse_records(
    records: list[Any], provider: ProviderConfig, parse_one: Any, *, id_key: str
) -> ParseResult:
    """Run ``parse_one`` over each record, collecting rejections instead of failing the payload.

    ``parse_one`` returns a ``JobPosting`` or ``None`` for a posting the board marks as unlisted.
    A record whose values have a shape no parser expects (a list where an object belongs, a number
    for a string — found by fuzzing real payload shapes) is rejected too, with the error named, so
    one odd record never costs the board's other postings.
    """
    result = ParseResult()
    for index, record in enumerate(records):
        external = record.get(id_key) if isinstance(record, dict) else None
        tracked = _ReadTracker(record) if isinstance(record, dict) else None
        try:
            if tracked is None:
                raise RecordError("<record>", f"expected an object, got {type(record).__name__}")
            posting = parse_one(tracked)
        except RecordError as exc:
            result.rejected.append(Rejection(index, None if external is None else str(external), str(exc)))
            continue
        except (TypeError, AttributeError, KeyError, IndexError, ValueError) as exc:
            field_name = tracked.last_read if tracked is not None and tracked.last_read else "<record>"
            reason = f"field '{field_name}': a value of unexpected shape ({type(exc).__name__}: {exc})"
            result.rejected.append(Rejection(index, None if external is None else str(external), reason))
            continue
        if posting is None:
            result.unlisted += 1
        else:
            result.postings.append(posting)
    return result
