"""A loopback HTTP endpoint for Apprise's ``json://`` service: records each notification (and the
basic-auth user it came with), answers 200 or a scripted status."""

from __future__ import annotations

import base64
import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakePush:
    token = "push-t0ken-do-not-leak"

    def __init__(self) -> None:
        self.notifications: list[dict] = []
        self.statuses: deque[int] = deque()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                status = outer.statuses.popleft() if outer.statuses else 200
                if status == 200:
                    auth = self.headers.get("Authorization", "").removeprefix("Basic ")
                    user = base64.b64decode(auth).decode().split(":", 1)[0] if auth else ""
                    outer.notifications.append({"path": self.path, "user": user, **json.loads(body)})
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        port = self.server.server_address[1]
        # Apprise's JSON service: POSTs to http://127.0.0.1:port/hooks/jobintel with basic auth.
        self.url = f"json://digest:{self.token}@127.0.0.1:{port}/hooks/jobintel"

    def start(self) -> FakePush:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
