"""A TCP proxy on loopback in front of a real service, that can take the service "down" mid-run.

While up it forwards bytes both ways. ``fail_when(marker)`` arms it: the first client chunk that
contains ``marker`` (e.g. ``b"PUT /bucket/data/jobs/"``) is not forwarded, its connection is cut,
and from then on every new connection is refused until ``restore()`` — the service behind it keeps
its state, so a rerun after the outage sees exactly what was written before it.
"""

from __future__ import annotations

import contextlib
import socket
import threading


class FaultyProxy:
    def __init__(self, target_port: int) -> None:
        self.target = ("127.0.0.1", target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.down = False
        self.tripped_on: bytes | None = None
        self._marker: bytes | None = None
        self._lock = threading.Lock()
        self._closing = False
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def fail_when(self, marker: bytes) -> None:
        self._marker = marker

    def restore(self) -> None:
        with self._lock:
            self.down, self._marker = False, None

    def close(self) -> None:
        self._closing = True
        self._listener.close()

    def _accept(self) -> None:
        while not self._closing:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.down:
                client.close()  # "connection refused" as far as the client can tell
                continue
            upstream = socket.create_connection(self.target)
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if from_client:
                    with self._lock:
                        if self.down or (self._marker and self._marker in chunk):
                            self.down, self.tripped_on = True, chunk.split(b"\r\n", 1)[0]
                            break
                sink.sendall(chunk)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.close()
