"""The structured résumé: the JSON Resume schema's sections (basics, work, education, skills,
projects, languages, certificates), as pydantic models.

Why JSON Resume: it is the one open résumé schema tools already read and write, so a user can bring
or take their résumé elsewhere (``model_dump(by_alias=True)`` is a JSON Resume document). Dates are
ISO strings as the schema has them (``2021``, ``2021-03``); an open position has no ``endDate``.
"""

from __future__ import annotations

from typing import Any

from pydantic import AliasChoices, BaseModel, ConfigDict, Field

_CONFIG = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _camel(name: str, camel: str, description: str | None = None) -> Any:
    """A field written ``camel`` in JSON Resume documents, ``name`` in Python; both are read."""
    return Field(
        default="",
        validation_alias=AliasChoices(camel, name),
        serialization_alias=camel,
        description=description,
    )


class Location(BaseModel):
    model_config = _CONFIG

    city: str = ""
    region: str = ""
    country_code: str = _camel("country_code", "countryCode")


class Basics(BaseModel):
    model_config = _CONFIG

    name: str = ""
    label: str = ""
    email: str = ""
    phone: str = ""
    url: str = ""
    summary: str = ""
    location: Location = Location()


class Work(BaseModel):
    model_config = _CONFIG

    name: str = Field(default="", description="the employer")
    position: str = ""
    location: str = ""
    start_date: str = _camel("start_date", "startDate")
    end_date: str = _camel("end_date", "endDate", description="empty: current position")
    summary: str = ""
    highlights: list[str] = Field(default_factory=list)


class Education(BaseModel):
    model_config = _CONFIG

    institution: str = ""
    area: str = ""
    study_type: str = _camel("study_type", "studyType", description="the degree: BSc, MSc, PhD …")
    start_date: str = _camel("start_date", "startDate")
    end_date: str = _camel("end_date", "endDate")


class Skill(BaseModel):
    model_config = _CONFIG

    name: str
    keywords: list[str] = Field(default_factory=list)


class Project(BaseModel):
    model_config = _CONFIG

    name: str
    description: str = ""
    highlights: list[str] = Field(default_factory=list)


class Language(BaseModel):
    model_config = _CONFIG

    language: str
    fluency: str = ""


class Certificate(BaseModel):
    model_config = _CONFIG

    name: str
    issuer: str = ""
    date: str = ""


class Resume(BaseModel):
    model_config = _CONFIG

    basics: Basics = Basics()
    work: list[Work] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    skills: list[Skill] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    certificates: list[Certificate] = Field(default_factory=list)

    def skill_names(self) -> list[str]:
        """Every skill the résumé lists, in its order: a group's keywords ("Data: dbt, Kafka"), or
        the entry's name when it has none."""
        names = [n for s in self.skills for n in (s.keywords or [s.name]) if n]
        return list(dict.fromkeys(names))

    def text(self) -> str:
        """Every string of the résumé, one per line: what the grounding check traces claims to."""
        return "\n".join(_strings(self.model_dump()))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
