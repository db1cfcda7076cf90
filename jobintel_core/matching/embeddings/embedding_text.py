"""What a posting's vector is computed from, and the hash that keys the embedding cache.

Title, company, locations and workplace, then the description's duties and requirements only (the
company pitch, benefits, pay and legal sections are detected and left out, headed or not, in four
languages), because MiniLM reads only 256 tokens and those should describe the role, not the
company. The cache key is the hash of this text, so a change of what is kept re-embeds.
"""

from __future__ import annotations

import hashlib
from typing import Any

from jobintel_core.ingestion.reading.sections import role_lines


def role_text(description: str, company: str) -> str:
    """The description's duties and requirements (``ingestion.reading.sections``): no company
    pitch, benefits, pay or legal text, whether or not the posting heads its sections."""
    return "\n".join(role_lines(description, company))


def embedding_text(row: dict[str, Any]) -> str:
    locations = row.get("locations")
    where = ", ".join(list(locations)) if locations is not None and len(locations) else ""
    workplace = row.get("workplace_type") or ""
    header = [row["title"], row["company"], " · ".join(p for p in (where, workplace) if p and p != "unknown")]
    body = role_text(row.get("description_text") or "", row["company"])
    return "\n".join(p for p in (*header, body) if p)


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
