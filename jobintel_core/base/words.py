"""Words for comparing, not for showing: accents removed, punctuation dropped, case folded.

De-duplication keys, the readers of skills, roles and places, and the scoring rules all compare
folded words, so this lives below every domain and needs nothing but the standard library (no HTML
parser is loaded to fold a title).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[^\w+#]+")


@lru_cache(maxsize=1)
def _combining_marks() -> re.Pattern[str]:
    """Every code point with a non-zero canonical combining class, as one character class.

    Built once per process (~0.1 s) from ``unicodedata`` so it matches ``unicodedata.combining``
    exactly for every script, while stripping runs at regex (C) speed."""
    ranges: list[list[int]] = []
    for code in range(sys.maxunicode + 1):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return re.compile("[" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in ranges) + "]")


def fold_words(text: str | None, *, keep_case: bool = False) -> list[str]:
    """The words of ``text`` for comparing: accents removed, punctuation dropped (``+`` and ``#``
    kept for C++ / C#), lower-cased unless ``keep_case`` (skills such as "Go" are told from the
    English word by their case). Both forms of one text have the same words in the same places."""
    text = unicodedata.normalize("NFKD", text or "")
    if not text.isascii():
        text = _combining_marks().sub("", text)
    return _NOT_WORD.sub(" ", text if keep_case else text.lower()).split()


def fold(text: str | None) -> str:
    """For comparing, not for showing: ``fold_words`` joined by single spaces. De-duplication keys
    and scoring rules both use it."""
    return " ".join(fold_words(text))
