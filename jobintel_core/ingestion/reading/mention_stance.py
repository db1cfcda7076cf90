"""Whether a posting names a term in earnest: as work the job involves, not as its past, its absence or
another thing that shares the word.

The skills reader already drops negated mentions ("no PHP here", "Python is not used"). Excluding a
job needs more: "we migrated away from PHP in 2022", "the company stopped using Angular", "Java
experience is not required", "this team has nothing to do with gambling" all name the term, and a
recruiter would not call any of them a PHP (Angular, Java, gambling) job. Nor is "we settle SWIFT
payments" a Swift job, or "outbound shipments" cold calling: some skill names are also everyday or
business words, and the words around them say which sense a sentence uses (the ``senses`` of
``data/skills.yaml``). A mention counts when the vocabulary finds it un-negated in a sentence that
does not put it in the past, say it is not needed, or use the word in another sense; one such
sentence is enough ("You will work with PHP every day").

``mention_stance`` also says why a mention did *not* count, so an explanation can tell the user
("mentions Java only as history: not excluded").
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml

from jobintel_core.base.words import fold, fold_words
from jobintel_core.ingestion.reading.skills import VOCABULARY_PATH, Vocabulary

Stance = Literal["earnest", "negated", "history", "not_needed", "other_sense"]
STANCES: tuple[Stance, ...] = ("earnest", "negated", "history", "not_needed", "other_sense")

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


@lru_cache(maxsize=4)
def skill_senses(path: Path = VOCABULARY_PATH) -> dict[str, frozenset[str]]:
    """Skill name → the words that, in the same sentence, mean the skill's name is used in another
    sense (``senses`` in ``data/skills.yaml``). A malformed entry fails naming the file and skill."""
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    senses: dict[str, frozenset[str]] = {}
    for skill, words in (document.get("senses") or {}).items():
        if not isinstance(words, list) or not words or not all(isinstance(w, str) and w for w in words):
            raise ValueError(f"{path}: senses.{skill}: expected a list of words")
        senses[str(skill)] = frozenset(w for word in words for w in fold_words(word))
    return senses


def _sentence_stance(sentence: str, vocabulary: Vocabulary, wanted: set[str]) -> Stance | None:
    mentions = vocabulary.mentions(sentence)
    named = wanted & set(mentions.found)
    if not named and not wanted & set(mentions.negated):
        return None
    senses = skill_senses()
    words = set(fold_words(sentence))
    if named and all(senses.get(name, frozenset()) & words for name in named):
        return "other_sense"
    folded = fold(sentence)
    if _HISTORY.search(folded):
        return "history"
    if _NOT_NEEDED.search(folded):  # "Java experience is not required": the reader's negation too
        return "not_needed"
    return "earnest" if named else "negated"


def mention_stance(text: str, vocabulary: Vocabulary, names: tuple[str, ...]) -> tuple[Stance, str] | None:
    """How ``text`` names any of ``names`` (skills of ``vocabulary``): ``("earnest", sentence)`` for the
    first sentence naming one in earnest; else the stance and sentence of the first mention (negated,
    as history, as not needed, in another sense); ``None`` when no sentence names one."""
    wanted = set(names)
    first: tuple[Stance, str] | None = None
    for sentence in _SENTENCE.split(text or ""):
        stance = _sentence_stance(sentence, vocabulary, wanted)
        if stance == "earnest":
            return stance, sentence.strip()
        if stance is not None and first is None:
            first = (stance, sentence.strip())
    return first


def earnest_mention(text: str, vocabulary: Vocabulary, names: tuple[str, ...]) -> str | None:
    """The first sentence naming one of ``names`` (skills of ``vocabulary``) in earnest, or ``None``."""
    stance = mention_stance(text, vocabulary, names)
    return stance[1] if stance is not None and stance[0] == "earnest" else None
