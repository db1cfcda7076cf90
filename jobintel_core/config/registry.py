"""The provider registry: which company boards JobIntel follows, read from one YAML file.

Adding a company on a supported ATS is one entry here and no code. The registry's keys are the
``provider`` partition keys, so they are validated as Dagster static partition keys (no ``|,[]``).
A bad file fails at load with the file, the entry and the field named, because a typo found at
03:00 by the daemon is much more expensive than one found when the code location loads.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator

from jobintel_core.config.fetch_policy import FetchPolicy
from jobintel_core.config.validation import describe_validation_error

# The one list of ATS family names; ``ingestion.ats.FAMILIES`` must implement exactly these.
AtsName = Literal["greenhouse", "lever", "ashby", "smartrecruiters", "workable", "remoteok", "jsonld"]
SUPPORTED_ATS: tuple[str, ...] = get_args(AtsName)
ScrapeMode = Literal["snapshot", "live", "record"]


class RegistryError(ValueError):
    """The registry file cannot be used; the message names the file, entry and field."""


class ProviderConfig(BaseModel):
    """One followed board."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$", description="slug; the partition key")
    company: str = Field(min_length=1)
    ats: AtsName
    board: str = Field(min_length=1, description="the board token / site / account on the ATS")
    base_url: str | None = Field(default=None, description="API base override (EU host, tests)")
    url: str | None = Field(default=None, validate_default=True, description="the careers page (ats: jsonld)")
    enabled: bool = True
    mode: ScrapeMode | None = Field(default=None, description="overrides JOBINTEL_SCRAPE_MODE")
    allowed_domains: tuple[str, ...] = Field(
        default=(), description="hosts that may be requested (default: the API/page host)"
    )
    allow_private_network: bool = Field(default=False, description="allow loopback/private addresses")
    fetch: dict[str, float | int] = Field(default_factory=dict, description="FetchPolicy overrides")

    @field_validator("company", "board")
    @classmethod
    def _strip(cls, value: str) -> str:
        stripped = value.strip()
        if not stripped:
            raise ValueError("must not be blank")
        return stripped

    @field_validator("fetch")
    @classmethod
    def _valid_policy(cls, value: dict[str, float | int]) -> dict[str, float | int]:
        try:
            FetchPolicy().with_overrides(**value)
        except ValidationError as exc:  # unknown knobs and bad values, named
            raise ValueError(describe_validation_error(exc)) from None
        return value

    @field_validator("url")
    @classmethod
    def _page_for_jsonld(cls, value: str | None, info: ValidationInfo) -> str | None:
        if info.data.get("ats") == "jsonld" and not value:
            raise ValueError("required for ats: jsonld (the careers page URL)")
        return value


class ProviderRegistry(BaseModel):
    model_config = ConfigDict(frozen=True)

    source: str
    providers: tuple[ProviderConfig, ...]

    def enabled(self) -> tuple[ProviderConfig, ...]:
        return tuple(p for p in self.providers if p.enabled)

    def enabled_keys(self) -> list[str]:
        """Enabled provider keys, sorted: the static ``provider`` partition dimension."""
        return sorted(p.key for p in self.enabled())

    def get(self, key: str) -> ProviderConfig:
        for provider in self.providers:
            if provider.key == key:
                return provider
        raise KeyError(f"provider {key!r} is not in the registry {self.source}")

    def __iter__(self) -> Iterator[ProviderConfig]:  # type: ignore[override]
        return iter(self.providers)


def load_registry(path: str | Path) -> ProviderRegistry:
    """Read and validate a registry file. Raises ``RegistryError`` naming file, entry and field."""
    path = Path(path)
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RegistryError(f"{path}: provider registry file not found") from None
    except yaml.YAMLError as exc:
        raise RegistryError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(document, dict) or not isinstance(document.get("providers"), list):
        raise RegistryError(f"{path}: expected a mapping with a 'providers:' list at the top level")

    providers: list[ProviderConfig] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(document["providers"]):
        label = f"{path}: providers[{index}]"
        if isinstance(entry, dict) and entry.get("key"):
            label += f" (key={entry['key']!r})"
        if not isinstance(entry, dict):
            raise RegistryError(f"{label}: expected a mapping, got {type(entry).__name__}")
        try:
            provider = ProviderConfig.model_validate(entry)
        except ValidationError as exc:
            raise RegistryError(f"{label}: {describe_validation_error(exc)}") from None
        if provider.key in seen:
            raise RegistryError(f"{label}: field 'key': duplicate of providers[{seen[provider.key]}]")
        seen[provider.key] = index
        providers.append(provider)
    return ProviderRegistry(source=str(path), providers=tuple(providers))
