"""A real HTTP server on loopback that plays scripted board responses, for fetch tests.

Routes are exact request targets (path + query). Each route holds a queue of replies; the last
one repeats, so "two 503s then the board" is ``route(path, Reply(503), Reply(503), Reply(200, body))``.
Every request is logged with its headers, so tests can assert the User-Agent and the call order.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering (a slow board: client timeouts)


class BoardServer:
    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self._lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                reply = server._next(self.path, dict(self.headers))
                if reply.delay:
                    time.sleep(reply.delay)
                try:
                    self.send_response(reply.status)
                    headers = {"Content-Type": "application/json", **reply.headers}
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client timed out and left: expected in timeout tests

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def route(self, target: str, *replies: Reply) -> None:
        with self._lock:
            self.routes[target] = list(replies)

    def requested(self, prefix: str = "") -> list[str]:
        return [path for path, _ in self.log if path.startswith(prefix)]

    def _next(self, target: str, headers: dict[str, str]) -> Reply:
        with self._lock:
            self.log.append((target, headers))
            queue = self.routes.get(target)
            if not queue:
                return Reply(404, b'{"error": "not found"}')
            return queue.pop(0) if len(queue) > 1 else queue[0]

    def __enter__(self) -> BoardServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
