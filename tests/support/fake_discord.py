"""A loopback HTTP server standing in for a Discord webhook: records requests, plays scripted replies."""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeDiscord:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.replies: deque[tuple[int, dict[str, str], bytes]] = deque()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.requests.append({"path": self.path, "json": json.loads(body)})
                status, headers, payload = outer.replies.popleft() if outer.replies else (204, {}, b"")
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api/webhooks/123/s3cr3t-token"

    def start(self) -> FakeDiscord:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def rate_limit(self, seconds: float) -> None:
        body = json.dumps({"message": "You are being rate limited.", "retry_after": seconds, "global": False})
        self.replies.append(
            (429, {"Retry-After": str(seconds), "Content-Type": "application/json"}, body.encode())
        )

    @property
    def contents(self) -> list[str]:
        return [r["json"]["content"] for r in self.requests]
