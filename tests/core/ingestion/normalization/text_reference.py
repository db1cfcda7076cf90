"""The Python that ``jobintel_core/ingestion/_html_text.c`` replaced, kept as the reference the tests
hold the C to: the markup way of marking block edges (two regex passes), the tree-sensitive check,
the whitespace folding and the mojibake hint, exactly as they ran in ``text.py`` when the golden texts were frozen."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from jobintel_core.ingestion.normalization.text import _BLOCK, _BLOCK_SELECTOR, _CONTROL, _ITEM

_BLOCK_NAMES = frozenset(_BLOCK_SELECTOR.split(","))  # the elements that make a line of their own
_TREE_SENSITIVE_NAMES = frozenset(
    [
        "table",
        "textarea",
        "title",
        "xmp",
        "plaintext",
        "listing",
        "iframe",
        "noembed",
        "noframes",
        "frameset",
        "select",
        "svg",
        "math",
        "script",
        "style",
        "noscript",
        "template",
    ]
)


def _one_of(words: set[str]) -> str:
    """``words`` as a regex alternation shaped like a prefix tree."""
    heads = sorted({word[0] for word in words if word})
    tree = "|".join(re.escape(head) + _one_of({w[1:] for w in words if w[:1] == head}) for head in heads)
    if not tree:
        return ""
    return f"(?:{tree})?" if "" in words else f"(?:{tree})"


_NAME_END = r"(?=[\t\n\f\r />])"
_BREAK_BEFORE = re.compile(
    "<(?="
    + _one_of({*_BLOCK_NAMES, *(f"/{n}" for n in _BLOCK_NAMES - {"hr"}), "br", "/br", "/li"})
    + _NAME_END
    + ")",
    re.IGNORECASE,
)
_ITEM_BEFORE = re.compile(f"<(?=li{_NAME_END})", re.IGNORECASE)
TREE_SENSITIVE = re.compile("<" + _one_of(set(_TREE_SENSITIVE_NAMES)) + _NAME_END, re.IGNORECASE)
# UTF-8 read as Windows-1252 or Latin-1 leaves a lead byte (Â-ô) followed by a continuation byte
# shown as one of these; C1 controls are the other trace.
MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|[\u0080-\u009f]"
)
_EMPTY_ITEM = re.compile("\ue000[ \ue001]*(?=\ue000|$)")
_ITEM_START = re.compile("\ue000[ \ue001]*")


def marked_in_markup(markup: str) -> str:
    """The text of ``markup`` with a sentinel at every block edge and list item, put into the markup
    before it is parsed."""
    tree = LexborHTMLParser(_BREAK_BEFORE.sub(_BLOCK + "<", _ITEM_BEFORE.sub(_BLOCK + _ITEM + "<", markup)))
    root = tree.body or tree.root
    return "" if root is None else root.text(deep=True, separator="")


def normalize_whitespace(text: str) -> str:
    """Spaces folded inside lines, one line break between blocks, item markers placed."""
    text = " ".join(_CONTROL.sub("", text).replace("\u2029", _BLOCK).split())
    if _ITEM in text:
        text = _ITEM_START.sub("- ", _EMPTY_ITEM.sub("", text))
    return "\n".join(filter(None, map(str.strip, text.split(_BLOCK))))


def markup_text(markup: str) -> str | None:
    """What ``_html_text.markup_text`` must return for ``markup``."""
    markup = _CONTROL.sub("", markup).replace(_ITEM, "").replace(_BLOCK, "")
    if TREE_SENSITIVE.search(markup):
        return None
    return normalize_whitespace(marked_in_markup(markup))
