"""What a posting asks for, read once at ingestion: skills, role family, level and remote region.

These are columns of ``jobs`` so matching, the warehouse and the insights read one answer instead
of each re-reading the text. Reading is a pure function of what the content hash covers (title,
text, places, workplace), so it is cached on those: a posting parsed again (a replay, the same job
on the next day in one process) is not read twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from jobintel_core.ingestion.reading.locations import Place
from jobintel_core.ingestion.reading.remote_scope import remote_region
from jobintel_core.ingestion.reading.roles import default_roles
from jobintel_core.ingestion.reading.seniority import Seniority, posting_level
from jobintel_core.ingestion.reading.skills import posting_skills


class PostingReading(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    skills: list[str] = []
    role_family: str | None = None
    seniority: Seniority | None = None
    years_experience: int | None = None
    remote_region: str | None = None


@lru_cache(maxsize=65536)
def _read(title: str, text: str, places: tuple[Place, ...], workplace: str) -> PostingReading:
    level, years = posting_level(title, text)
    return PostingReading(
        skills=posting_skills(title, text),
        role_family=default_roles().primary_family(title),
        seniority=level,
        years_experience=years,
        remote_region=remote_region(places, workplace, text),
    )


def read_posting(title: str, text: str, places: Sequence[Place], workplace: str) -> PostingReading:
    return _read(title, text, tuple(places), workplace)
