"""The normalized job posting every provider parser produces.

One model for all ATS families so that everything downstream (history, embeddings, scoring) is
written once. Validation happens here, at the boundary between a provider's payload and our data.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from jobintel_core.ingestion.reading.employment import EmploymentType
from jobintel_core.ingestion.reading.locations import Place
from jobintel_core.ingestion.reading.pay import Compensation
from jobintel_core.ingestion.reading.seniority import Seniority


class WorkplaceType(StrEnum):
    ONSITE = "onsite"
    HYBRID = "hybrid"
    REMOTE = "remote"
    UNKNOWN = "unknown"


def _as_utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


class JobPosting(BaseModel):
    """One posting on one board, normalized.

    ``job_id`` identifies the posting on its board across days (hash of ats, board, external id);
    ``content_hash`` changes only when what a reader sees changes (see ``identity``).
    ``locations`` are the display strings of ``places`` (one per place, cleaned); ``employment_type``
    is one vocabulary and ``employment_type_raw`` the board's own words; ``parser_version`` is the
    version of the family's parser that produced the row (see ``ats.base.PARSER_VERSIONS``).
    ``skills`` … ``remote_region`` are what the posting asks for (``ingestion.reading``).
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    job_id: str = Field(min_length=16, max_length=16)
    provider: str = Field(min_length=1)
    company: str = Field(min_length=1)
    ats: str = Field(min_length=1)
    board: str = Field(min_length=1)
    external_id: str = Field(min_length=1)
    title: str = Field(min_length=1)
    url: str = Field(min_length=1)
    apply_url: str | None = None
    locations: list[str] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    workplace_type: WorkplaceType = WorkplaceType.UNKNOWN
    department: str | None = None
    team: str | None = None
    employment_type: EmploymentType = "unknown"
    employment_type_raw: str | None = None
    description_html: str = ""
    description_text: str = ""
    compensation: Compensation | None = None
    posted_at: datetime | None = None
    source_updated_at: datetime | None = None
    detail_missing: bool = False
    skills: list[str] = Field(default_factory=list)
    role_family: str | None = None
    seniority: Seniority | None = None
    years_experience: int | None = None
    remote_region: str | None = None
    parser_version: int = Field(ge=1)
    content_hash: str = Field(min_length=16, max_length=16)
    fetched_at: datetime

    @field_validator("posted_at", "source_updated_at", "fetched_at")
    @classmethod
    def _timestamps_in_utc(cls, value: datetime | None) -> datetime | None:
        """Every timestamp is stored in UTC so day boundaries and hashes do not depend on the host."""
        return _as_utc(value)
