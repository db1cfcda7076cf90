"""HTML to readable plain text, with selectolax's lexbor parser.

Why not ``node.text()`` alone: it glues ``<li>`` items and paragraphs together, and the block
structure is what makes a description readable (and what the embedding text trims by). We mark
block boundaries with a private sentinel, let lexbor extract the text in C, then fold whitespace.
"""

from __future__ import annotations

import html
import re
import sys
import unicodedata
from functools import lru_cache

from selectolax.lexbor import LexborHTMLParser

_BLOCK = "\u2029"  # paragraph separator: never meaningful inside job descriptions
_BLOCK_TAGS = (
    "p,div,section,article,header,footer,h1,h2,h3,h4,h5,h6,ul,ol,table,tr,blockquote,pre,hr,dl,dt,dd"
)
_SPACES = re.compile(r"[^\S\u2029]+")  # whitespace other than the sentinel
_BLOCK_RUN = re.compile(r"\s*\u2029[\s\u2029]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def html_to_text(markup: str | None, *, unescape_first: bool = False) -> str:
    """Plain text of an HTML fragment: entities decoded, one line per block, ``- `` per list item.

    ``unescape_first`` is for payloads that ship entity-escaped HTML (Greenhouse's ``content``):
    they must be unescaped once to become markup before parsing.
    """
    if not markup:
        return ""
    if unescape_first:
        markup = html.unescape(markup)
    tree = LexborHTMLParser(markup)
    root = tree.body or tree.root
    if root is None:
        return ""
    for node in root.css("script,style,noscript,template"):
        node.decompose()
    for node in root.css("br"):
        node.replace_with(_BLOCK)
    for node in root.css("li"):
        node.insert_before(_BLOCK + "- ")
        node.insert_after(_BLOCK)
    for node in root.css(_BLOCK_TAGS):
        node.insert_before(_BLOCK)
        node.insert_after(_BLOCK)
    return normalize_whitespace(root.text(deep=True, separator=""))


def normalize_whitespace(text: str) -> str:
    """Fold spaces inside lines, keep one line break between blocks, drop control characters."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\n", " ").replace("\u00a0", " "))
    text = _SPACES.sub(" ", text)
    text = _BLOCK_RUN.sub("\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def clean_inline(value: str | None) -> str | None:
    """A single-line field (title, team, location): entities decoded, whitespace folded."""
    if value is None:
        return None
    folded = " ".join(_CONTROL.sub("", html.unescape(str(value))).split())
    return folded or None


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


def fold(text: str | None) -> str:
    """For comparing, not for showing: lower-case, accents removed, punctuation to spaces (``+`` and
    ``#`` kept for C++ / C#), whitespace folded. De-duplication keys and scoring rules both use it."""
    text = unicodedata.normalize("NFKD", text or "")
    if not text.isascii():
        text = _combining_marks().sub("", text)
    return " ".join(_NOT_WORD.sub(" ", text.lower()).split())
