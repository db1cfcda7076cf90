"""A loopback OpenAI-compatible chat endpoint: records requests, answers what the test scripts.

``answer`` queues a reply: the assistant's content (a string), an HTTP error status, or a delay
longer than the client's timeout. With nothing queued it answers a valid narrative.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VALID = json.dumps(
    {
        "headline": "A steady week for data roles",
        "paragraphs": ["Helio Labs listed the jobs that fit you best."],
    }
)


@dataclass
class Reply:
    content: str = VALID
    status: int = 200
    delay_s: float = 0.0


class FakeLlm:
    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.replies: deque[Reply] = deque()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                outer.requests.append(
                    {"path": self.path, "json": body, "authorization": self.headers.get("Authorization", "")}
                )
                reply = outer.replies.popleft() if outer.replies else Reply()
                time.sleep(reply.delay_s)
                if reply.status != 200:
                    payload = json.dumps({"error": {"message": "internal error"}}).encode()
                else:
                    payload = json.dumps(
                        {
                            "choices": [
                                {"index": 0, "message": {"role": "assistant", "content": reply.content}}
                            ]
                        }
                    ).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.base_url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def start(self) -> FakeLlm:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, reply: Reply) -> None:
        self.replies.append(reply)
