"""Candidate profiles: one YAML file per person, ``<profiles dir>/<name>.yaml``.

A profile says what fits: target titles, seniority, places and workplace types, skills that are
required, welcome or excluded, a salary floor and a free-text summary (a résumé or a paragraph)
that the semantic term compares jobs with. A bad file fails with the file and field named.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from jobintel_core.config.validation import describe_validation_error
from jobintel_core.ingestion.normalization.posting import WorkplaceType
from jobintel_core.ingestion.reading.locations import remote_region_code
from jobintel_core.ingestion.reading.seniority import Seniority
from jobintel_core.matching.profiles.user_state import PROFILE_PATTERN
from jobintel_core.storage.objects import write_file_atomically


class ShortlistSettings(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min_score: float = Field(default=55.0, ge=0, le=100)
    top_n: int = Field(default=20, ge=1, le=500)


AlertChannelName = Literal["discord", "email", "apprise"]
ALERT_CHANNELS: tuple[AlertChannelName, ...] = ("discord", "email", "apprise")
_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+\.[^@\s<>,;]+$")


def _default_channels() -> list[AlertChannelName]:
    """Discord only: what every profile got before there were other channels."""
    return ["discord"]


class AlertSettings(BaseModel):
    """Where this person's daily digest of new matches goes. The channels' endpoints and secrets are
    deployment settings (environment), never in a profile: a profile names channels, not URLs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    channels: list[AlertChannelName] = Field(
        default_factory=_default_channels,
        description="digest channels: discord, email, apprise",
    )
    email: str | None = Field(default=None, description="the digest's recipient (for the email channel)")

    @field_validator("channels")
    @classmethod
    def _unique(cls, values: list[AlertChannelName]) -> list[AlertChannelName]:
        return list(dict.fromkeys(values))

    @field_validator("email")
    @classmethod
    def _address(cls, value: str | None) -> str | None:
        if value is None or not value.strip():
            return None
        if not _EMAIL.match(value.strip()):
            raise ValueError("must be one e-mail address such as ana@example.org")
        return value.strip()

    @model_validator(mode="after")
    def _recipient(self) -> AlertSettings:
        if "email" in self.channels and self.email is None:
            raise ValueError("the email channel needs an address in 'email'")
        return self


class ProfileError(ValueError):
    """A profile file cannot be used; the message names the file and the field."""


def _clean_list(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        value = " ".join(str(value).split())
        if value and value.lower() not in (v.lower() for v in out):
            out.append(value)
    return out


class Profile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=PROFILE_PATTERN)
    titles: list[str] = Field(min_length=1, description="target titles or role families")
    seniority: list[Seniority] = Field(default_factory=list, description="empty: any level")
    locations: list[str] = Field(
        default_factory=list,
        description="cities, regions or countries; 'Remote (EU)' says where remote work is acceptable",
    )
    remote_regions: list[str] = Field(
        default_factory=list,
        description="where you may work remotely from: "
        "ISO country codes or EU, Europe, EMEA, APAC, LATAM, Americas, "
        "North America, worldwide; empty: from the locations",
    )
    workplace: list[WorkplaceType] = Field(
        default_factory=lambda: [WorkplaceType.REMOTE, WorkplaceType.HYBRID, WorkplaceType.ONSITE]
    )
    must_have: list[str] = Field(default_factory=list)
    nice_to_have: list[str] = Field(default_factory=list)
    excluded: list[str] = Field(default_factory=list, description="a job naming any of these never fits")
    salary_floor: float | None = Field(default=None, ge=0, description="yearly, in salary_currency")
    salary_currency: str | None = None
    summary: str = ""
    shortlist: ShortlistSettings = ShortlistSettings()
    alerts: AlertSettings = AlertSettings()

    @field_validator("titles", "locations", "must_have", "nice_to_have", "excluded")
    @classmethod
    def _deduplicate(cls, values: list[str]) -> list[str]:
        return _clean_list(values)

    @field_validator("remote_regions")
    @classmethod
    def _regions(cls, values: list[str]) -> list[str]:
        regions = []
        for value in values:
            region = remote_region_code(value)
            if region is None:
                raise ValueError(
                    f"{value!r} is not a country or one of EU, Europe, EMEA, APAC, LATAM, "
                    "Americas, North America, worldwide"
                )
            regions.append(region)
        return list(dict.fromkeys(regions))

    @field_validator("salary_currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if len(value.strip()) != 3:
            raise ValueError("must be a 3-letter ISO 4217 code such as EUR")
        return value.strip().upper()

    def embedding_text(self) -> str:
        """What the profile's vector is computed from: deterministic, role words first."""
        parts = [", ".join(self.titles), self.summary.strip()]
        if self.must_have or self.nice_to_have:
            parts.append("Skills: " + ", ".join([*self.must_have, *self.nice_to_have]))
        return "\n".join(p for p in parts if p)


def load_profile(path: Path) -> Profile:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise ProfileError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(document, dict):
        raise ProfileError(f"{path}: expected a mapping of profile fields")
    return profile_from_document(document, path)


def profile_from_document(document: dict[str, Any], path: Path) -> Profile:
    """The profile a parsed YAML document describes, for the file at ``path`` (whose stem is the
    name); every refusal names the file and the field."""
    document = {**document}
    document.setdefault("name", path.stem)
    if document["name"] != path.stem:
        raise ProfileError(
            f"{path}: field 'name': {document['name']!r} differs from the file name {path.stem!r}"
        )
    try:
        profile = Profile.model_validate(document)
    except ValidationError as exc:
        raise ProfileError(f"{path}: {describe_validation_error(exc)}") from None
    if profile.salary_floor is not None and profile.salary_currency is None:
        raise ProfileError(f"{path}: field 'salary_currency': required when salary_floor is set")
    return profile


def save_profile(directory: Path, profile: Profile) -> Path:
    """Write ``<directory>/<name>.yaml`` atomically (a temporary file beside it, then a rename): the
    pipeline never reads half a profile. The file is rewritten whole, so comments are not kept."""
    path = Path(directory) / f"{profile.name}.yaml"
    document = profile.model_dump(mode="json", exclude={"name"}, exclude_defaults=True)
    text = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    write_file_atomically(path, text.encode("utf-8"))
    return path


def load_profiles(directory: Path) -> list[Profile]:
    """Every ``*.yaml`` profile in ``directory``, sorted by name; at least one is required."""
    directory = Path(directory)
    paths = sorted(directory.glob("*.yaml"))
    if not paths:
        raise ProfileError(f"{directory}: no profiles (*.yaml) found")
    return [load_profile(p) for p in paths]
