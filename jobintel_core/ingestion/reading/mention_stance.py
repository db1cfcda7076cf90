"""Whether a posting names a term in earnest: as work the job involves, not as its past or its absence.

The skills reader already drops negated mentions ("no PHP here", "Python is not used"). Excluding a
job needs more: "we migrated away from PHP in 2022", "the company stopped using Angular", "Java
experience is not required", "this team has nothing to do with gambling" all name the term, and a
recruiter would not call any of them a PHP (Angular, Java, gambling) job. A mention counts when the
vocabulary finds it un-negated in a sentence that does not put it in the past or say it is not
needed; one such sentence is enough ("You will work with PHP every day").
"""

from __future__ import annotations

import re

from jobintel_core.base.words import fold
from jobintel_core.ingestion.reading.skills import Vocabulary

_SENTENCE = re.compile(r"(?<=[.!?;])\s+|\n+")
_HISTORY = re.compile(
    r"\b(?:(?:migrated|migrating|moved|moving|switched|switching|transitioned) (?:\w+ ){0,2}(?:away from|off|from)|"
    r"stopped (?:using|selling|doing|working)|no longer|used to|formerly|previously|retired|phased out|"
    r"deprecated|replaced|sunset|sunsetted|left behind|in the past|got rid of)\b"
)
_NOT_NEEDED = re.compile(
    r"\b(?:not (?:required|needed|necessary|a requirement|expected|part of)|"
    r"(?:is|are)n t (?:required|needed|necessary)|no (?:\w+ ){0,3}(?:required|needed|necessary)|"
    r"nothing to do with|(?:does|will) not involve|doesn t involve|won t involve|no need)\b"
)


def _sentence_stance(sentence: str) -> str:
    folded = fold(sentence)
    if _HISTORY.search(folded):
        return "history"
    if _NOT_NEEDED.search(folded):
        return "not_needed"
    return "earnest"


def earnest_mention(text: str, vocabulary: Vocabulary, names: tuple[str, ...]) -> str | None:
    """The first sentence naming one of ``names`` (skills of ``vocabulary``) in earnest, or ``None``."""
    wanted = set(names)
    for sentence in _SENTENCE.split(text or ""):
        if wanted & set(vocabulary.mentions(sentence).found) and _sentence_stance(sentence) == "earnest":
            return sentence.strip()
    return None
