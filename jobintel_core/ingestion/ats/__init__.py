"""ATS families: one module each, all implementing ``base.AtsFamily`` (fetch + parse).

"ATS family" is the software a board runs on (Greenhouse, Lever, …); a *provider* is one company's
board on it (a registry entry). Adding a family is one module, its class in ``FAMILIES`` and its
name in the registry's ``AtsName``; adding a company on a supported family is a registry entry.
"""

from __future__ import annotations

from jobintel_core.config.fetch_policy import FetchPolicy
from jobintel_core.config.registry import SUPPORTED_ATS, ProviderConfig
from jobintel_core.ingestion.ats.ashby import Ashby
from jobintel_core.ingestion.ats.base import (
    PARSER_VERSIONS,
    AtsFamily,
    ParseResult,
    PayloadError,
    Rejection,
    base_url,
)
from jobintel_core.ingestion.ats.greenhouse import Greenhouse
from jobintel_core.ingestion.ats.jsonld import JsonLdCareerPage
from jobintel_core.ingestion.ats.lever import Lever
from jobintel_core.ingestion.ats.remoteok import RemoteOK
from jobintel_core.ingestion.ats.smartrecruiters import SmartRecruiters
from jobintel_core.ingestion.ats.workable import Workable

FAMILIES: dict[str, AtsFamily] = {
    f.ats: f
    for f in (Greenhouse(), Lever(), Ashby(), SmartRecruiters(), Workable(), RemoteOK(), JsonLdCareerPage())
}
if sorted(FAMILIES) != sorted(SUPPORTED_ATS):  # a registry name with no parser, or a parser no entry can use
    raise ImportError(
        f"ATS families {sorted(FAMILIES)} differ from the registry's AtsName {sorted(SUPPORTED_ATS)}"
    )
if sorted(PARSER_VERSIONS) != sorted(SUPPORTED_ATS):  # every family's rows must carry a parser version
    raise ImportError(f"PARSER_VERSIONS {sorted(PARSER_VERSIONS)} differ from the registry's AtsName")


def family_for(ats: str) -> AtsFamily:
    try:
        return FAMILIES[ats]
    except KeyError:
        raise KeyError(f"no ATS family {ats!r}; supported: {sorted(FAMILIES)}") from None


def policy_for(provider: ProviderConfig) -> FetchPolicy:
    """The family's politeness defaults with the registry entry's ``fetch:`` overrides applied."""
    return family_for(provider.ats).policy.with_overrides(**provider.fetch)


__all__ = [
    "FAMILIES",
    "AtsFamily",
    "ParseResult",
    "PayloadError",
    "Rejection",
    "base_url",
    "family_for",
    "policy_for",
]
