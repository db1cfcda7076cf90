"""The optional AI narrative of a weekly report: a versioned prompt and the schema its answer must fit.

The model sees only the report's own numbers (no job descriptions, no profile summary) and must
answer with one JSON object; anything else falls back to the deterministic report (``ai.guarded``).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from jobintel_core.ai.guarded import Prompt

NARRATIVE_PROMPT = Prompt(
    name="insights-narrative",
    version=1,
    system=(
        "You write a short weekly job-market note for one job seeker. You get JSON with this week's "
        "market figures and the seeker's matches and skill gaps. Use only those figures; do not invent "
        'companies, numbers or skills. Answer with one JSON object: {"headline": string (at most 120 '
        'characters), "paragraphs": array of 1 to 3 strings (each at most 600 characters)}.'
    ),
)


class Narrative(BaseModel):
    headline: str = Field(min_length=1, max_length=120)
    paragraphs: list[str] = Field(min_length=1, max_length=3)

    def model_post_init(self, _context: object) -> None:
        if any(not p.strip() or len(p) > 600 for p in self.paragraphs):
            raise ValueError("each paragraph must be 1–600 characters")
