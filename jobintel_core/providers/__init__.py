"""ATS families: one module each, all implementing ``base.AtsFamily`` (fetch + parse).

Adding a family is one module, one line in ``FAMILIES`` and its name in the registry's
``SUPPORTED_ATS``; adding a company on a supported family is a registry entry and no code.
"""

from __future__ import annotations

from jobintel_core.fetching.policy import FetchPolicy
from jobintel_core.providers.ashby import Ashby
from jobintel_core.providers.base import AtsFamily, ParseResult, PayloadError, Rejection, base_url
from jobintel_core.providers.greenhouse import Greenhouse
from jobintel_core.providers.jsonld import JsonLdCareerPage
from jobintel_core.providers.lever import Lever
from jobintel_core.providers.remoteok import RemoteOK
from jobintel_core.providers.smartrecruiters import SmartRecruiters
from jobintel_core.providers.workable import Workable
from jobintel_core.registry import ProviderConfig

FAMILIES: dict[str, AtsFamily] = {
    f.ats: f
    for f in (Greenhouse(), Lever(), Ashby(), SmartRecruiters(), Workable(), RemoteOK(), JsonLdCareerPage())
}


def family_for(ats: str) -> AtsFamily:
    try:
        return FAMILIES[ats]
    except KeyError:
        raise KeyError(f"no ATS family {ats!r}; supported: {sorted(FAMILIES)}") from None


def policy_for(provider: ProviderConfig) -> FetchPolicy:
    """The family's politeness defaults with the registry entry's ``fetch:`` overrides applied."""
    return family_for(provider.ats).policy.with_overrides(**provider.fetch)


__all__ = ["FAMILIES", "AtsFamily", "base_url", "ParseResult", "PayloadError", "Rejection", "family_for", "policy_for"]
