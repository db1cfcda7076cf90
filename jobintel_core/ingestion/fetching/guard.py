"""Which URLs a provider may request: its ``allowed_domains``, and never a private address unless
the registry says so.

Checked before every request *and* every redirect hop (redirects are followed by hand, never by
httpx), so a board cannot bounce us to another site or into the operator's own network. Names
are resolved once and every address checked; a name that resolves to loopback, private,
link-local or reserved space is refused unless the entry sets ``allow_private_network: true``
(tests on loopback do). ``check_url`` returns the vetted address and the session connects to that
address (``pinning``), not to a second lookup of the name: a DNS answer that changes between the
check and the connection (rebinding) cannot move a request into the operator's network.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from jobintel_core.ingestion.fetching.errors import FetchRefused


def host_allowed(host: str, allowed_domains: tuple[str, ...]) -> bool:
    """``api.lever.co`` is allowed by ``lever.co`` or ``api.lever.co``; ``evil-lever.co`` is not."""
    host = host.lower().rstrip(".")
    return any(host == d or host.endswith("." + d) for d in (a.lower().rstrip(".") for a in allowed_domains))


def _is_private(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return not ip.is_global or ip.is_multicast


def check_url(url: str, provider_key: str, allowed_domains: tuple[str, ...], allow_private: bool) -> str:
    """The vetted address to connect to for ``url``; ``FetchRefused`` naming the provider, URL and
    rule if it may not be requested."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        raise FetchRefused(provider_key, f"refusing {url!r}: only http(s) URLs with a host are fetched")
    if not host_allowed(host, allowed_domains):
        raise FetchRefused(
            provider_key, f"refusing {url!r}: host {host!r} is not in allowed_domains {list(allowed_domains)}"
        )
    try:
        infos = socket.getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80), type=socket.SOCK_STREAM
        )
    except socket.gaierror as exc:
        raise FetchRefused(provider_key, f"cannot resolve {host!r}: {exc}") from None
    addresses = [str(info[4][0]) for info in infos]  # str already: typeshed allows int for other families
    private = sorted({a for a in addresses if _is_private(a)})
    if private and not allow_private:
        raise FetchRefused(
            provider_key,
            f"refusing {url!r}: {host!r} resolves to non-public address(es) {private}; set "
            "allow_private_network: true on the registry entry if this is intended",
        )
    return addresses[0]
