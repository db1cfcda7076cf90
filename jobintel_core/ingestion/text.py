"""HTML to readable plain text, with selectolax's lexbor parser, and text-encoding repair with ftfy.

Why not ``node.text()`` alone: it glues ``<li>`` items and paragraphs together, and the block
structure is what makes a description readable (and what the embedding text trims by). We mark
block boundaries with a private sentinel, let lexbor extract the text in C, then fold whitespace.
A list item's marker is a sentinel of its own that swallows the block breaks after it, so the
marker stays on the item's first line whatever blocks the item wraps its text in (Ashby puts a
``<p>`` in every ``<li>``).

Why ftfy: real boards ship mojibake (UTF-8 read as Windows-1252 somewhere upstream: ``donâ€™t``)
and stray control characters. ftfy repairs the first with tested heuristics that leave correct
text alone; control characters that remain are dropped, never kept.
"""

from __future__ import annotations

import html
import re
import sys
import unicodedata
from functools import lru_cache

import ftfy
from selectolax.lexbor import LexborHTMLParser

_BLOCK = "\u2029"  # paragraph separator: never meaningful inside job descriptions
_ITEM = "\ue000"  # private use: a list item's marker, until it is placed on the item's first line
_BLOCK_TAGS = (
    "p,div,section,article,header,footer,h1,h2,h3,h4,h5,h6,ul,ol,table,tr,blockquote,pre,hr,dl,dt,dd"
)
_SPACES = re.compile(r"[^\S\u2029]+")  # whitespace other than the sentinel
_BLOCK_RUN = re.compile(r"\s*\u2029[\s\u2029]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# UTF-8 read as Windows-1252 or Latin-1 leaves a lead byte (Â-ô) followed by a continuation byte
# shown as one of these; C1 controls are the other trace. Text without either has nothing to repair.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|[\u0080-\u009f]"
)
_EMPTY_ITEM = re.compile(r"\ue000[\s\u2029]*(?=\ue000|$)")  # an item with no text: no bare marker
_ITEM_START = re.compile(r"\ue000[\s\u2029]*")


def html_to_text(markup: str | None, *, unescape_first: bool = False) -> str:
    """Plain text of an HTML fragment: entities decoded, one line per block, ``- `` per list item.

    ``unescape_first`` is for payloads that ship entity-escaped HTML (Greenhouse's ``content``):
    they must be unescaped once to become markup before parsing.
    """
    if not markup:
        return ""
    if unescape_first:
        markup = html.unescape(markup)
    markup = repair_encoding(markup).replace(_ITEM, "")  # a payload's own U+E000 is not our marker
    tree = LexborHTMLParser(markup)
    root = tree.body or tree.root
    if root is None:
        return ""
    for node in root.css("script,style,noscript,template"):
        node.decompose()
    for node in root.css("br"):
        node.replace_with(_BLOCK)
    for node in root.css("li"):
        node.insert_before(_BLOCK + _ITEM)
        node.insert_after(_BLOCK)
    for node in root.css(_BLOCK_TAGS):
        node.insert_before(_BLOCK)
        node.insert_after(_BLOCK)
    return normalize_whitespace(root.text(deep=True, separator=""))


def repair_encoding(text: str) -> str:
    """Mojibake undone and control characters dropped; correct text comes back unchanged.

    ``fix_text`` is asked for encoding repairs only: HTML entities, quotes and line breaks are ours
    to normalize (``html_to_text``, ``clean_inline``), and a description's markup must survive."""
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return _CONTROL.sub("", text)  # nothing ftfy could repair: skip its scan (~0.3 ms a page)
    fixed = ftfy.fix_text(text, unescape_html=False, uncurl_quotes=False, fix_line_breaks=False, normalization=None)
    return _CONTROL.sub("", fixed)


def normalize_whitespace(text: str) -> str:
    """Fold spaces inside lines, keep one line break between blocks, drop control characters.

    Item markers are placed here: empty items vanish, and a marker swallows the block breaks after
    it, so ``<li><p>text</p></li>`` reads ``- text``."""
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\n", " ").replace("\u00a0", " "))
    text = _SPACES.sub(" ", text)
    text = _EMPTY_ITEM.sub("", text)
    text = _ITEM_START.sub("- ", text)
    text = _BLOCK_RUN.sub("\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def clean_inline(value: str | None) -> str | None:
    """A single-line field (title, team, location): entities decoded, whitespace folded."""
    if value is None:
        return None
    folded = " ".join(repair_encoding(html.unescape(str(value))).split())
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
