import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobintel_core.ingestion import _html_text
from jobintel_core.ingestion.normalization.text import (
    clean_inline,
    html_to_text,
    marked_in_tree,
    normalize_whitespace,
)
from tests.core.ingestion.normalization import text_reference as reference


def test_blocks_become_lines_and_list_items_bullets():
    html = "<div><p>About   us.</p><h3>Role</h3><ul><li>Build\n pipelines</li><li>Ship</li></ul>tail</div>"
    assert html_to_text(html) == "About us.\nRole\n- Build pipelines\n- Ship\ntail"


def test_entities_unescaped_and_nbsp_folded():
    assert html_to_text("<p>R&amp;D&nbsp;team &#8212; caf&eacute;</p>") == "R&D team — café"


def test_escaped_html_needs_unescape_first():
    escaped = "&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;&lt;ul&gt;&lt;li&gt;One&lt;/li&gt;&lt;/ul&gt;"
    assert html_to_text(escaped, unescape_first=True) == "Hello & welcome\n- One"
    # Without unescaping the markup stays literal text: the flag matters.
    assert "<p>" in html_to_text(escaped)


def test_br_script_and_control_characters():
    html = "<p>line one<br>line two<script>alert(1)</script>\x07</p><style>p{}</style>"
    assert html_to_text(html) == "line one\nline two"


def test_empty_and_text_only_inputs():
    assert html_to_text(None) == ""
    assert html_to_text("") == ""
    assert html_to_text("plain   words\n here") == "plain words here"


def test_clean_inline_folds_whitespace_and_entities():
    assert clean_inline("  Senior\u00a0Engineer \n (Data)&amp;ML ") == "Senior Engineer (Data)&ML"
    assert clean_inline("   ") is None


# Well-nested markup in the shapes boards send: inline runs inside paragraphs and headings, list
# items (closed or not) inside lists, blocks inside blocks, upper-case tags, attributes, <br>.
TEXT = st.sampled_from(["w", "two words", " ", "\n  ", "&nbsp;", "é—", "<3", "&lt;p&gt;", "a > b", "\t"])
ATTRS = st.sampled_from(["", ' class="c"', "\n id=y", " data-x='<p>'"])


def _element(names, content):
    return st.tuples(st.sampled_from(names), ATTRS, content, st.booleans()).map(
        lambda t: f"<{t[0].upper() if t[3] else t[0]}{t[1]}>{t[2]}</{t[0].upper() if t[3] else t[0]}>"
    )


INLINE = st.recursive(
    TEXT | st.sampled_from(["<br>", "<BR/>", "<br />"]),
    lambda inner: _element(
        ["b", "i", "em", "strong", "a", "span", "code"], st.lists(inner, min_size=1, max_size=3).map("".join)
    ),
    max_leaves=6,
)
PHRASING = st.lists(INLINE, min_size=1, max_size=3).map("".join)


def _list(flow):
    item = st.tuples(ATTRS, flow | PHRASING, st.booleans()).map(
        lambda t: f"<li{t[0]}>{t[1]}" + ("</li>" if t[2] else "")
    )
    return st.tuples(st.sampled_from(["ul", "ol"]), st.lists(item, max_size=4).map("".join)).map(
        lambda t: f"<{t[0]}>{t[1]}</{t[0]}>"
    )


FLOW = st.recursive(
    PHRASING | _element(["p", "h2", "h3", "pre", "dt"], PHRASING) | st.just("<hr>"),
    lambda inner: (
        _element(
            ["div", "section", "blockquote", "article", "aside", "dd"],
            st.lists(inner | PHRASING, min_size=1, max_size=3).map("".join),
        )
        | _list(inner)
    ),
    max_leaves=10,
)


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(markup=st.lists(FLOW | PHRASING, min_size=1, max_size=4).map("".join))
def test_marking_in_the_markup_reads_as_marking_in_the_tree(markup):
    """The fast way (sentinels put into the markup, in C) against marking the parsed tree, on
    well-nested markup: one text."""
    assert _html_text.markup_text(markup) == normalize_whitespace(marked_in_tree(markup))


def test_markup_the_parser_rearranges_is_marked_in_the_tree():
    """Stray text in a table is moved out of it by the parser: table rows still end their lines."""
    assert html_to_text("<table><tr><td>a</td></tr><tr><td>b</td></tr></table>") == "a\nb"
    assert _html_text.markup_text("<table><tr><td>a</td></tr><tr><td>b</td></tr></table>") is None
    assert (
        reference.normalize_whitespace(reference.marked_in_markup("<table><tr><td>a</td></tr></table>b"))
        == "ab"
    )


# Anything, as far as the C is concerned: tag names of every kind in any case (and the non-ASCII
# letters Python's re.IGNORECASE folds into i, k and s), what may or may not end a tag name, stray
# '<' and '</', comments, entities, every kind of whitespace, control characters, our sentinels,
# U+2029, non-ASCII text and lone surrogates (dropped on the way in, as selectolax drops them).
_NAMES = sorted(
    reference._BLOCK_NAMES | reference._TREE_SENSITIVE_NAMES | {"li", "br", "b", "span", "a", "body", "html"}
)
_NAME = st.sampled_from(_NAMES).flatmap(
    lambda name: st.lists(
        st.sampled_from([str.lower, str.upper]), min_size=len(name), max_size=len(name)
    ).map(lambda cases: "".join(case(ch) for case, ch in zip(cases, name, strict=True)))
)
_ODD_NAMES = [
    "L\u0130",
    "l\u0131",
    "\u017fection",
    "\u017fcript",
    "\u0130frame",
    "bloc\u212aquote",
    "BLOC\u212aQUOTE",
]
_AFTER_NAMES = [">", " >", "/>", "\t", "\n", "\f", "\r", " x=1>", "\xa0>", "x>", "<", "", "1>"]
_TAG = st.tuples(
    st.sampled_from(["<", "</", "< ", "<<"]),
    _NAME | st.sampled_from(_ODD_NAMES),
    st.sampled_from(_AFTER_NAMES),
).map("".join)
_TEXT = st.sampled_from(
    [
        "w",
        "two words",
        " ",
        "  ",
        "\n",
        "\t",
        "\r\n",
        "\xa0",
        "\u2028",
        "\u2029",
        "\u3000",
        "\u200a",
        "\x85",
        "\x0b",
        "\x0c",
        "\x1c",
        "\x00",
        "\x07",
        "\x9f",
        "\ue000",
        "\ue001",
        "-",
        "é",
        "\u20ac",
        "\U0001f600",
        "\ud800",
        "&amp;",
        "&nbsp;",
        "&#8233;",
        "&#xe000;",
        "&#133;",
        "&lt;li&gt;",
        "<!-- <p> -->",
        "<!---->",
        "</>",
        "<!doctype html>",
        "<?x>",
        "a < b",
        "<3",
        ">",
    ]
)
ANY_MARKUP = st.lists(_TAG | _TEXT, max_size=30).map("".join)


def test_every_tag_name_and_ending_is_marked_as_the_python_did():
    """Each name, start and end tag, lower and upper case, each way a name can (or cannot) end,
    between two words: the C marks (or leaves) it exactly as the regexes did."""
    names = [*_NAMES, *(name.upper() for name in _NAMES), *_ODD_NAMES]
    for opening, name, after in itertools.product(["<", "</"], names, _AFTER_NAMES):
        markup = f"one{opening}{name}{after}two"
        assert _html_text.markup_text(markup) == reference.markup_text(markup), markup


@settings(max_examples=1500, derandomize=True, deadline=None, database=None)
@given(markup=ANY_MARKUP)
def test_the_c_markup_way_is_the_python_it_replaced(markup):
    """``_html_text.markup_text`` against the Python it replaced, on arbitrary markup: the same
    text, and ``None`` (marked in the tree instead) for exactly the same inputs."""
    assert _html_text.markup_text(markup) == reference.markup_text(markup)


@settings(max_examples=1500, derandomize=True, deadline=None, database=None)
@given(
    text=st.lists(
        st.sampled_from(
            [
                "a",
                "bc",
                "-",
                " ",
                "  ",
                "\n",
                "\t",
                "\r",
                "\xa0",
                "\u2028",
                "\u2029",
                "\u3000",
                "\u1680",
                "\x85",
                "\x1f",
                "\x0b",
                "\x00",
                "\x7f",
                "\ue000",
                "\ue001",
                "\ue000 ",
                " \ue001 ",
                "é",
                "\U0001f600",
                "\ud800",
            ]
        ),
        max_size=40,
    ).map("".join)
)
def test_the_c_folding_is_the_python_it_replaced(text):
    assert normalize_whitespace(text) == reference.normalize_whitespace(text)


def test_the_c_folding_places_item_markers():
    assert (
        normalize_whitespace("\ue001\ue000\ue001 \ue001Lead\ue001\ue001\ue000 \ue001\ue000x y ")
        == "- Lead\n- x y"
    )


def test_the_c_module_rejects_what_is_not_text():
    with pytest.raises(TypeError, match="takes a str, not bytes"):
        _html_text.markup_text(b"<p>x</p>")
    with pytest.raises(TypeError, match="takes a str, not NoneType"):
        normalize_whitespace(None)


_MOJIBAKE_PARTS = [
    "a",
    " ",
    "é",
    "Ã",
    "Â",
    "ô",
    "õ",
    "Á",
    "\x80",
    "\x9f",
    "\xa0",
    "\xbf",
    "\xc0",
    "©",
    "€",
    "™",
    "—",
    "\u2019",
    "\u201f",
    "\u2023",
    "Œ",
    "Ÿ",
    "ˆ",
    "˜",
    "\u0100",
    "\U0001f600",
    "Ж",
]


@settings(max_examples=1500, derandomize=True, deadline=None, database=None)
@given(text=st.lists(st.sampled_from(_MOJIBAKE_PARTS), max_size=12).map("".join))
def test_the_c_mojibake_hint_is_the_regex_it_replaced(text):
    assert _html_text.mojibake_suspected(text) == bool(reference.MOJIBAKE_HINT.search(text))


def test_every_pair_of_characters_hints_mojibake_as_the_regex_did():
    """Every lead (U+0080-U+00FF) before every character that can follow it in a trace, and a few
    that cannot, in each of Python's three string widths."""
    followers = [chr(c) for c in range(0x80, 0x100)] + list("ŒœŠšŸŽžƒˆ˜–—‘’‚‛“”„‟†‡•‣…‰‹›€™aЖ\U0001f600")
    for lead in map(chr, range(0x80, 0x100)):
        for follower in followers:
            for width in ("", "Ж", "\U0001f600"):
                text = f"x{lead}{follower}{width}"
                assert _html_text.mojibake_suspected(text) == bool(reference.MOJIBAKE_HINT.search(text)), text


def test_a_document_past_the_reuse_limit_reads_the_same_and_so_does_the_next():
    """The C module reuses one lexbor document, but not after markup of 256 KiB or more (its memory
    goes back): a 400 KiB description, then a short one, each read as the Python read them."""
    big = "<ul>" + "<li><p>Build <b>pipelines</b>&nbsp;daily</p></li>\n" * 8_000 + "</ul>"
    assert len(big.encode()) > 256 * 1024
    for markup in (big, "<p>short</p><li>one", big[:1000]):
        assert _html_text.markup_text(markup) == reference.markup_text(markup)
