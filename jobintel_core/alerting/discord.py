"""Delivery to a Discord webhook, safely: untrusted text made inert, long messages split, 429s waited out.

* **Safe content.** Text from job boards is untrusted: markdown is escaped, ``@`` gets a zero-width
  joiner so ``@everyone`` cannot ping, and every message carries ``allowed_mentions: {parse: []}``.
* **Discord's limits.** A message's ``content`` is at most 2,000 characters; longer alerts are
  split on line boundaries.
* **Rate limits.** A 429 is retried after ``Retry-After`` (header, or ``retry_after`` in the body),
  clamped to ``max_wait``; other failures raise with the status, never with the webhook URL.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import httpx

from jobintel_core.alerting.channels import Digest

MAX_CONTENT = 2000
_MARKDOWN = re.compile(r"([\\*_~`|>#\[\]()])")


def escape_discord(text: str) -> str:
    """Untrusted text made inert: markdown escaped, mentions broken, newlines folded."""
    text = " ".join(str(text).split())
    return _MARKDOWN.sub(r"\\\1", text).replace("@", "@\u200b")


def split_message(lines: Sequence[str], limit: int = MAX_CONTENT) -> list[str]:
    """Lines packed into messages of at most ``limit`` characters (a longer line is cut)."""
    messages, current = [], ""
    for line in lines:
        line = line if len(line) <= limit else line[: limit - 1] + "…"
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            messages.append(current)
            candidate = line
        current = candidate
    if current:
        messages.append(current)
    return messages


class AlertError(RuntimeError):
    """Delivery failed; the message names the status and attempts, never the webhook URL."""


@dataclass
class DiscordWebhook:
    """Posts to one webhook URL. ``sleep`` is injectable so tests need not wait for real."""

    url: str
    client: httpx.Client
    max_attempts: int = 5
    max_wait: float = 30.0
    sleep: Callable[[float], None] = time.sleep
    waited: float = 0.0

    def post(self, content: str) -> None:
        payload = {"content": content, "allowed_mentions": {"parse": []}}
        for attempt in range(1, self.max_attempts + 1):
            try:
                response = self.client.post(self.url, json=payload, timeout=10.0)
            except httpx.HTTPError as exc:
                raise AlertError(f"Discord webhook unreachable: {type(exc).__name__}") from None
            if response.status_code == 429 and attempt < self.max_attempts:
                wait = min(_retry_after(response), self.max_wait)
                self.waited += wait
                self.sleep(wait)
                continue
            if response.status_code >= 400:
                raise AlertError(
                    f"Discord webhook answered HTTP {response.status_code} after {attempt} attempt(s)"
                )
            return
        raise AlertError(f"Discord webhook still rate-limited after {self.max_attempts} attempts")


@dataclass
class DiscordChannel:
    """The digest as Discord messages: untrusted text escaped, split within Discord's limit."""

    webhook: DiscordWebhook
    name: Literal["discord"] = "discord"

    def send(self, digest: Digest) -> int:
        lines = [
            f"**JobIntel · {escape_discord(digest.profile)} · {digest.day.isoformat()}** — {digest.counts()}"
        ]
        for job in digest.jobs:
            lines.append(
                f"**{job.score:.0f}** · {escape_discord(job.title)} — {escape_discord(job.company)}\n"
                f"   {escape_discord(job.reasons)[:300]}\n   <{job.url}>"
            )
        messages = split_message(lines)
        for message in messages:
            self.webhook.post(message)
        return len(messages)


def _retry_after(response: httpx.Response) -> float:
    header = response.headers.get("Retry-After")
    try:
        if header is not None:
            return max(float(header), 0.0)
        return max(float(response.json().get("retry_after", 1.0)), 0.0)
    except (ValueError, json.JSONDecodeError):
        return 1.0


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, "[redacted]")
    return text
