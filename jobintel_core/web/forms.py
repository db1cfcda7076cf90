"""What a user may send: Today's filters and the tracker's form, validated before anything is read or
written. HTML forms send empty fields as ``""``: those mean "not set", never a parse error."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from jobintel_core.ingestion.normalization.posting import WorkplaceType
from jobintel_core.matching.profiles.user_state import JobStatus

SORTS = ("rank", "score", "first_seen", "pay", "company")


def _blank_as_unset(data: Any) -> Any:
    if isinstance(data, dict):
        return {k: v for k, v in data.items() if v != ""}
    return data


class TodayFilters(BaseModel):
    model_config = ConfigDict(extra="ignore")

    min_score: float | None = Field(default=None, ge=0, le=100)
    workplace: WorkplaceType | None = None
    company: str | None = Field(default=None, max_length=200)
    new_only: bool = False
    pay_known: bool = False
    sort: Literal["rank", "score", "first_seen", "pay", "company"] = "rank"

    _blank = model_validator(mode="before")(_blank_as_unset)


class StageForm(BaseModel):
    """A move in the tracker: the stage, a note and an optional follow-up date."""

    model_config = ConfigDict(extra="ignore")

    stage: JobStatus
    note: str = Field(default="", max_length=4000)
    follow_up: date | None = None

    _blank = model_validator(mode="before")(_blank_as_unset)


class CompanyForm(BaseModel):
    model_config = ConfigDict(extra="ignore")

    company: str = Field(min_length=1, max_length=200)
    hidden: bool = True


class SearchQuery(BaseModel):
    model_config = ConfigDict(extra="ignore")

    q: str = Field(min_length=2, max_length=200)
    k: int = Field(default=20, ge=1, le=50)
