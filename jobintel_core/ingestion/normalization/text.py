"""HTML to readable plain text, on lexbor (selectolax's parser), and text-encoding repair with ftfy.

Why not ``node.text()`` alone: it glues ``<li>`` items and paragraphs together, and the block
structure is what makes a description readable (and what the embedding text trims by). Block
boundaries are marked with a private sentinel, lexbor extracts the text, then whitespace is folded.
A list item's marker is a sentinel of its own that swallows the block breaks after it, so the
marker stays on the item's first line whatever blocks the item wraps its text in (Ashby puts a
``<p>`` in every ``<li>``).

Where the sentinels go in: into the markup, before each block's start and end tags, so the parser
builds the same tree with sentinel text at every block edge. That whole path (marking, parsing,
extracting, folding) is one call into C, ``_html_text.c``, on the lexbor build selectolax ships:
~15 µs for a ~80-word description against ~65 µs in Python and ~370 µs with BeautifulSoup
(``make bench``). The C is the Python it replaced, step for step; that Python is kept as the
reference the tests hold it to (``tests/core/ingestion/normalization/text_reference.py``).

The markup way holds only where the parser keeps text where it is written, so markup with any of
these is marked in the parsed tree instead, from Python (``marked_in_tree``): tables (the parser
moves stray text out of them), raw-text elements (``textarea``, ``title``…), ``select`` and foreign
content (``svg``, ``math``), which keep or drop characters their own way, and ``script``,
``style``, ``noscript`` and ``template``, which are removed and may hold the sentinel of a block
edge outside them. For markup whose end tags close what they name, both ways give the same text (a
property test holds them to it); a stray block end tag the parser ignores still ends a line on the
markup way. ``tests/core/ingestion/normalization/test_text_unchanged.py`` holds every description we have to the
text it had before.

Why ftfy: real boards ship mojibake (UTF-8 read as Windows-1252 somewhere upstream: ``donâ€™t``)
and stray control characters. ftfy repairs the first with tested heuristics that leave correct
text alone; control characters that remain are dropped, never kept.
"""

from __future__ import annotations

import html
import re

import ftfy
from selectolax.lexbor import LexborHTMLParser

from jobintel_core.ingestion._html_text import markup_text, mojibake_suspected, normalize_whitespace

_BLOCK = "\ue001"  # private use: a block edge, until whitespace is folded (not whitespace: split() keeps it)
_ITEM = "\ue000"  # private use: a list item's marker, until it is placed on the item's first line
# Elements that make a line of their own (the C module holds the same list). Every element that
# ends an open <p> by starting is here (or tree-sensitive), so a paragraph the parser closes ends
# its line both ways of marking.
_BLOCK_SELECTOR = ",".join(
    sorted(
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
)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def html_to_text(markup: str | None, *, unescape_first: bool = False) -> str:
    """Plain text of an HTML fragment: entities decoded, one line per block, ``- `` per list item.

    ``unescape_first`` is for payloads that ship entity-escaped HTML (Greenhouse's ``content``):
    they must be unescaped once to become markup before parsing.
    """
    if not markup:
        return ""
    if unescape_first:
        markup = html.unescape(markup)
    markup = undo_mojibake(markup)
    text = markup_text(markup)  # control characters and sentinels of the payload's own dropped in C
    if text is None:
        clean = (
            _CONTROL.sub("", markup).replace(_ITEM, "").replace(_BLOCK, "")
        )  # a payload's own are not ours
        text = normalize_whitespace(marked_in_tree(clean))
    return text


def marked_in_tree(markup: str) -> str:
    """The text of ``markup`` with sentinels inserted into the parsed tree, one Python call per
    node, with scripts, styles, ``noscript`` and ``template`` removed: for markup the parser
    rearranges (module doc)."""
    tree = LexborHTMLParser(markup)
    root = tree.body or tree.root
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


def undo_mojibake(text: str) -> str:
    """Mojibake undone by ftfy; text with no trace of it comes back as it is, unscanned by ftfy.

    ``fix_text`` is asked for encoding repairs only: HTML entities, quotes and line breaks are ours
    to normalize (``html_to_text``, ``clean_inline``), and a description's markup must survive."""
    if not mojibake_suspected(text):  # a lead byte shown as Â-ô before a continuation byte, or a C1 control
        return text  # nothing ftfy could repair: skip its scan (~0.3 ms a page)
    return ftfy.fix_text(
        text, unescape_html=False, uncurl_quotes=False, fix_line_breaks=False, normalization=None
    )


def repair_encoding(text: str) -> str:
    """Mojibake undone and control characters dropped; correct text comes back unchanged."""
    return _CONTROL.sub("", undo_mojibake(text))


def clean_inline(value: str | None) -> str | None:
    """A single-line field (title, team, location): entities decoded, whitespace folded."""
    if value is None:
        return None
    folded = " ".join(repair_encoding(html.unescape(str(value))).split())
    return folded or None
