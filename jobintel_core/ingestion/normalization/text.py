"""HTML to readable plain text, on selectolax's lexbor parser, and text-encoding repair with ftfy.

Why not ``node.text()`` alone: it glues ``<li>`` items and paragraphs together, and the block
structure is what makes a description readable (and what the embedding text trims by). Block
boundaries are marked with a private sentinel, lexbor extracts the text, then whitespace is folded.
A list item's marker is a sentinel of its own that swallows the block breaks after it, so the
marker stays on the item's first line whatever blocks the item wraps its text in (Ashby puts a
``<p>`` in every ``<li>``).

Where the sentinels go in: into the markup, before each block's start and end tags, by two
regular-expression passes, so the parser builds the same tree with sentinel text at every block
edge (``marked_in_markup``): no Python call per node. The markup way holds only where the parser
keeps text where it is written, so markup with any of these is marked in the parsed tree instead
(``marked_in_tree``): tables (the parser moves stray text out of them), raw-text elements
(``textarea``, ``title``…), ``select`` and foreign content (``svg``, ``math``), which keep or drop
characters their own way, and ``script``, ``style``, ``noscript`` and ``template``, which are
removed and may hold the sentinel of a block edge outside them. For markup whose end tags close
what they name, both ways give the same text (a property test holds them to it); a stray block end
tag the parser ignores still ends a line on the markup way.
``tests/core/ingestion/normalization/test_text_unchanged.py`` holds every description we have to
the text it had before.

Only selectolax's public Python API is used, so a selectolax upgrade cannot break this silently and
nothing is compiled at install. What it costs is in ``make bench`` (``bench/html_to_text.py``).

Why ftfy: real boards ship mojibake (UTF-8 read as Windows-1252 somewhere upstream: ``donâ€™t``)
and stray control characters. ftfy repairs the first with tested heuristics that leave correct
text alone; control characters that remain are dropped, never kept.
"""

from __future__ import annotations

import html
import re

import ftfy
from selectolax.lexbor import LexborHTMLParser, LexborNode

_BLOCK = "\ue001"  # private use: a block edge, until whitespace is folded (not whitespace: split() keeps it)
_ITEM = "\ue000"  # private use: a list item's marker, until it is placed on the item's first line
# Elements that make a line of their own: the one list both ways of marking use. Every element that
# ends an open <p> by starting is here (or in TREE_SENSITIVE_NAMES), so a paragraph the parser
# closes ends its line both ways.
BLOCK_NAMES = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "details",
        "summary",
        "address",
        "hgroup",
        "menu",
        "dir",
        "center",
        "dialog",
        "search",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "ul",
        "ol",
        "table",
        "tr",
        "blockquote",
        "pre",
        "hr",
        "dl",
        "dt",
        "dd",
    ]
)
# Markup whose parse moves, keeps or drops text where the markup passes cannot follow (module doc).
TREE_SENSITIVE_NAMES = frozenset(
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
    """``words`` as a regex alternation shaped like a prefix tree. Python's ``re`` tries the
    branches of ``div|dl|dt`` one after another at every ``<``; ``d(?:iv|l|t)`` fails after one
    character (9 µs per short description instead of 21)."""
    heads = sorted({word[0] for word in words if word})
    tree = "|".join(re.escape(head) + _one_of({w[1:] for w in words if w[:1] == head}) for head in heads)
    if not tree:
        return ""
    return f"(?:{tree})?" if "" in words else f"(?:{tree})"


_BLOCK_SELECTOR = ",".join(sorted(BLOCK_NAMES))
_NAME_END = r"(?=[\t\n\f\r />])"  # what ends a tag name in HTML: <pre> is not <p>, <p\xa0> is no tag
_BREAK_BEFORE = re.compile(  # before a block's start and end tags, a line break and an item's end
    "<(?="
    + _one_of({*BLOCK_NAMES, *(f"/{name}" for name in BLOCK_NAMES - {"hr"}), "br", "/br", "/li"})
    + _NAME_END
    + ")",
    re.IGNORECASE,
)
_ITEM_BEFORE = re.compile(f"<(?=li{_NAME_END})", re.IGNORECASE)
_TREE_SENSITIVE = re.compile("<" + _one_of(set(TREE_SENSITIVE_NAMES)) + _NAME_END, re.IGNORECASE)
_EMPTY_ITEM = re.compile("\ue000[ \ue001]*(?=\ue000|$)")  # an item with no text: no bare marker
_ITEM_START = re.compile("\ue000[ \ue001]*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# UTF-8 read as Windows-1252 or Latin-1 leaves a lead byte (Â-ô) followed by a continuation byte
# shown as one of these; C1 controls are the other trace. Text without either has nothing to repair.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|[\u0080-\u009f]"
)
_LATIN1 = re.compile("[\u0080-\u00ff]")  # where every trace above starts: text without one has none


# An entity escaped twice at the source ("R&amp;amp;D"): once decoded it still reads "&amp;".
_DOUBLE_ESCAPED = re.compile(r"&amp;(?=(?:[a-zA-Z]{2,8}|#[0-9]{1,6}|#[xX][0-9a-fA-F]{1,6});)")


def undouble_entities(markup: str) -> str:
    """Markup or text with twice-escaped entities escaped once (``&amp;amp;`` → ``&amp;``)."""
    return _DOUBLE_ESCAPED.sub("&", markup) if "&amp;" in markup else markup


def html_to_text(markup: str | None, *, unescape_first: bool = False) -> str:
    """Plain text of an HTML fragment: entities decoded, one line per block, ``- `` per list item.

    ``unescape_first`` is for payloads that ship entity-escaped HTML (Greenhouse's ``content``):
    they must be unescaped once to become markup before parsing.
    """
    if not markup:
        return ""
    if unescape_first:
        markup = html.unescape(markup)
    markup = undouble_entities(repair_encoding(markup)).replace(_ITEM, "").replace(_BLOCK, "")  # ours only
    marked = marked_in_tree(markup) if _TREE_SENSITIVE.search(markup) else marked_in_markup(markup)
    return normalize_whitespace(marked)


def marked_in_markup(markup: str) -> str:
    """The text of ``markup`` with a sentinel at every block edge and list item, put into the
    markup before it is parsed: two regex passes, no Python call per node."""
    root = _body(_BREAK_BEFORE.sub(_BLOCK + "<", _ITEM_BEFORE.sub(_BLOCK + _ITEM + "<", markup)))
    return "" if root is None else root.text(deep=True, separator="")


def marked_in_tree(markup: str) -> str:
    """The same sentinels inserted into the parsed tree, one Python call per node, with scripts,
    styles, ``noscript`` and ``template`` removed: for markup the parser rearranges (module doc)."""
    root = _body(markup)
    if root is None:
        return ""
    for node in root.css("script,style,noscript,template"):
        node.decompose()
    for node in root.css("br"):
        node.replace_with(_BLOCK)
    for node in root.css("td,th"):
        node.insert_after(" ")  # cells of a row read as words of a line, not glued together
    for node in root.css("li"):
        node.insert_before(_BLOCK + _ITEM)
        node.insert_after(_BLOCK)
    for node in root.css(_BLOCK_SELECTOR):
        node.insert_before(_BLOCK)
        node.insert_after(_BLOCK)
    return root.text(deep=True, separator="")


def _body(markup: str) -> LexborNode | None:
    """The parsed document's body (the node keeps its parser alive)."""
    tree = LexborHTMLParser(markup)
    return tree.body or tree.root


def normalize_whitespace(text: str) -> str:
    """Spaces folded inside lines, one line break between blocks, control characters dropped.

    A paragraph separator (U+2029) in the text is a block edge too. Item markers are placed here:
    empty items vanish, and a marker swallows the block edges after it, so ``<li><p>text</p></li>``
    reads ``- text``."""
    text = " ".join(_CONTROL.sub("", text).replace("\u2029", _BLOCK).split())
    if _ITEM in text:
        text = _ITEM_START.sub("- ", _EMPTY_ITEM.sub("", text))
    # Each run of block edges becomes one line break, the spaces next to it dropped: split, strip
    # and join run in C (2x faster here than a regex substitution).
    return "\n".join(filter(None, map(str.strip, text.split(_BLOCK))))


def mojibake_suspected(text: str) -> bool:
    """Whether ``text`` shows a trace of UTF-8 read as Windows-1252 or Latin-1, the only text ftfy
    is asked to look at. Plain ASCII, and text with no Latin-1 character, is answered at once."""
    first = None if text.isascii() else _LATIN1.search(text)
    return first is not None and _MOJIBAKE_HINT.search(text, first.start()) is not None


def repair_encoding(text: str) -> str:
    """Mojibake undone and control characters dropped; correct text comes back unchanged.

    ``fix_text`` is asked for encoding repairs only: HTML entities, quotes and line breaks are ours
    to normalize (``html_to_text``, ``clean_inline``), and a description's markup must survive."""
    if mojibake_suspected(text):  # else nothing ftfy could repair: skip its scan (~0.3 ms a page)
        text = ftfy.fix_text(
            text, unescape_html=False, uncurl_quotes=False, fix_line_breaks=False, normalization=None
        )
    return _CONTROL.sub("", text)


def clean_inline(value: str | None) -> str | None:
    """A single-line field (title, team, location): entities decoded, whitespace folded."""
    if value is None:
        return None
    folded = " ".join(repair_encoding(html.unescape(undouble_entities(str(value)))).split())
    return folded or None
