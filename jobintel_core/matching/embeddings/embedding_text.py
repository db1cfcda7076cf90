"""What a posting's vector is computed from, and the hash that keys the embedding cache.

Title, company, locations and workplace, then the description with the company blurb and
boilerplate trimmed (EEO statements, benefits and "about us" sections), because MiniLM reads only
256 tokens and those should describe the role, not the company.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

_BOILERPLATE_HEADINGS = re.compile(
    r"^(benefits|perks|what we offer|our benefits|about us|about the company|who we are|"
    r"equal opportunity|diversity|privacy|how to apply)\b",
    re.IGNORECASE,
)
_BOILERPLATE_LINE = re.compile(
    r"equal opportunity|equal employment|eeo\b|reasonable accommodation|regardless of (race|gender)|"
    r"privacy (notice|policy)|please mention the word",
    re.IGNORECASE,
)


def _is_heading(line: str) -> bool:
    return not line.startswith("- ") and len(line) <= 60 and not line.endswith((".", "!", "?"))


def role_text(description: str, company: str) -> str:
    """The description without the company blurb and boilerplate sections or lines."""
    lines = [line for line in description.split("\n") if line.strip()]
    company_words = company.lower()
    kept, skipping, seen_heading = [], False, False
    for line in lines:
        if _is_heading(line):
            seen_heading = True
            skipping = bool(_BOILERPLATE_HEADINGS.match(line))
            if skipping:
                continue
        if skipping or _BOILERPLATE_LINE.search(line):
            continue
        if not seen_heading and company_words and company_words in line.lower():
            continue  # the blurb before the first heading that talks about the company
        kept.append(line)
    return "\n".join(kept)


def embedding_text(row: dict[str, Any]) -> str:
    locations = row.get("locations")
    where = ", ".join(list(locations)) if locations is not None and len(locations) else ""
    workplace = row.get("workplace_type") or ""
    header = [row["title"], row["company"], " · ".join(p for p in (where, workplace) if p and p != "unknown")]
    body = role_text(row.get("description_text") or "", row["company"])
    return "\n".join(p for p in (*header, body) if p)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
