"""Telling a deny apart from an answer: a board that blocks us must never look like "no jobs".

Anti-bot walls answer with 200s, 403s and 503s alike; what gives them away is the body. A JSON
endpoint answering HTML is a deny too (a login wall, a challenge, a parked domain), and so is an
empty 2xx body: a board with no jobs still answers ``[]`` or ``{"jobs": []}``. A careers page that
carries no JSON-LD at all is a deny as well (a maintenance page, a redesign): a page whose jobs we
read from JSON-LD cannot answer "no jobs" without it, so it must count toward the breaker. Bodies are
sniffed, not trusted by status: the markers are searched in the first 16 KiB of HTML answers.
"""

from __future__ import annotations

import re

_CHALLENGE = re.compile(
    rb"captcha|cf-challenge|challenge-platform|cf_chl_|just a moment\.\.\.|attention required|"
    rb"access denied|are you a robot|verify you are (a )?human|request unsuccessful\. incapsula|"
    rb"px-captcha|bot detection|unusual traffic",
    re.IGNORECASE,
)
_SNIFF = 4096


def looks_like_html(body: bytes, content_type: str | None) -> bool:
    head = body[:_SNIFF].lstrip().lower()
    return "html" in (content_type or "").lower() or head.startswith((b"<!doctype html", b"<html", b"<"))


def deny_reason(status: int, body: bytes, content_type: str | None, expect: str) -> str | None:
    """Why this response is a deny, or None. ``expect`` is ``json`` or ``html``."""
    if status in (401, 403):
        return f"HTTP {status} (access denied)"
    is_html = looks_like_html(body, content_type)
    # A careers page may embed reCAPTCHA on its apply form; a challenge wall carries no JSON-LD.
    real_page = expect == "html" and b"application/ld+json" in body
    if is_html and not real_page and (marker := _CHALLENGE.search(body[: _SNIFF * 4])):
        return (
            f"HTTP {status} with a bot-challenge page (matched {marker.group(0).decode(errors='replace')!r})"
        )
    if 200 <= status < 300:
        if not body.strip():
            return f"HTTP {status} with an empty body (a board with no jobs still answers a document)"
        if expect == "json" and is_html:
            return f"HTTP {status} with an HTML page where JSON was expected"
        if expect == "html" and not real_page:
            return (
                f"HTTP {status} with a page carrying no JSON-LD (a maintenance page, a redesign, "
                "or not the careers page)"
            )
    return None
