"""A draft (tailored CV, cover letter or brief) as structured blocks, whichever path wrote it.

The template path and the LLM path produce the same model, and the grounding check reads it, not
rendered text: each block says in whose voice it speaks (the candidate's, the job's, or the
match's explanation), and each item keeps the employer, title and dates apart from free text, so
"verbatim from the résumé" is a comparison, not a guess.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["cv", "letter", "brief"]
KINDS: tuple[Kind, ...] = ("cv", "letter", "brief")
Voice = Literal["candidate", "job", "match"]


class DraftItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(default="", description="a position, degree, certificate or project, as in the résumé")
    org: str = Field(default="", description="the employer, institution or issuer, as in the résumé")
    dates: str = Field(default="", description="the résumé's dates")
    lines: list[str] = Field(default_factory=list)


class DraftBlock(BaseModel):
    model_config = ConfigDict(extra="forbid")

    heading: str
    voice: Voice = Field(
        default="candidate",
        description="candidate: claims about the candidate (résumé only); job: what the posting asks for; "
        "match: the score's explanation",
    )
    inline: bool = Field(default=False, description="render the lines on one line (a skill list)")
    items: list[DraftItem] = Field(default_factory=list)


class Draft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: Kind
    name: str
    contact: list[str] = Field(default_factory=list)
    job_title: str
    company: str
    blocks: list[DraftBlock]
