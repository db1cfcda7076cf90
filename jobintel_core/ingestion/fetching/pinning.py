"""Connecting to the address the guard vetted, not to a fresh DNS answer (no rebinding window).

httpx resolves a URL's host again when it connects; between the guard's check and that second
lookup a hostile DNS server can switch the answer to a private address. The transport here keeps
everything httpx does — the URL, the ``Host`` header and TLS server name (SNI) stay the host's
name, so certificates are still verified for it — and changes only where the TCP connection goes:
to the pinned address, or nowhere if the host was never vetted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import httpcore
import httpx
from httpcore._backends.sync import SyncBackend


class PinnedBackend(SyncBackend):
    """httpcore's own socket backend, with each host's connection sent to its pinned address."""

    def __init__(self, pins: Mapping[str, str]) -> None:
        self._pins = pins

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        address = self._pins.get(host.lower())
        if address is None:
            raise httpcore.ConnectError(f"{host!r} was not vetted by the guard; not connecting")
        return super().connect_tcp(
            address, port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )


def pinned_transport(pins: Mapping[str, str]) -> httpx.HTTPTransport:
    """An ``HTTPTransport`` whose connection pool connects through ``PinnedBackend``."""
    transport = httpx.HTTPTransport()
    # httpx has no public knob for the pool's network backend (httpx 0.28 / httpcore 1.0); the
    # pool reads this attribute on every new connection. Tested: tests/core/ingestion/fetching.
    transport._pool._network_backend = PinnedBackend(pins)
    return transport
