"""Where a provider is fetched from: its page or API root, and the host whose politeness budget it shares.

Many companies' boards live on one ATS host (``boards-api.greenhouse.io``), so per-host limits,
the schedule's host tag and the run queue's host limit all key on ``provider_host``.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.ats import base_url, family_for


def provider_root(provider: ProviderConfig) -> str:
    """The page (``jsonld``) or API root a provider is fetched from."""
    return provider.url or base_url(provider, family_for(provider.ats))


def provider_host(provider: ProviderConfig) -> str:
    """The host whose politeness budget this provider shares (many boards share one ATS host)."""
    return urlsplit(provider_root(provider)).netloc.lower()
