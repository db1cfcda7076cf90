import itertools
import re

from hypothesis import given, settings
from hypothesis import strategies as st
from selectolax.lexbor import LexborHTMLParser

from jobintel_core.ingestion.normalization.text import (
    BLOCK_NAMES,
    TREE_SENSITIVE_NAMES,
    clean_inline,
    html_to_text,
    marked_in_markup,
    marked_in_tree,
    mojibake_suspected,
    normalize_whitespace,
    repair_encoding,
)


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
    """The fast way (sentinels put into the markup) against marking the parsed tree, on
    well-nested markup: one text."""
    assert normalize_whitespace(marked_in_markup(markup)) == normalize_whitespace(marked_in_tree(markup))


def test_markup_the_parser_rearranges_is_marked_in_the_tree():
    """Stray text in a table is moved out of it by the parser: the markup way glues it to the
    table's text, so tables are marked in the tree and their rows still end their lines."""
    assert html_to_text("<table><tr><td>a</td></tr><tr><td>b</td></tr></table>") == "a\nb"
    assert normalize_whitespace(marked_in_markup("<table><tr><td>a</td></tr></table>b")) == "ab"
    assert html_to_text("<table><tr><td>a</td></tr></table>b") == "a\nb"
    # A script's own text is no text, and markup inside it is no block.
    assert html_to_text('<p>a<script>var s="<p>x</p>"</script>b</p>') == "ab"
    assert html_to_text("<ul><li>a<textarea><li>t</textarea></ul>") == "- a<li>t"


# Anything, as far as the markup way is concerned: tag names of every kind in any case (and the
# non-ASCII letters Python's re.IGNORECASE folds into i, k and s), what may or may not end a tag
# name, stray '<' and '</', comments, entities, every kind of whitespace, control characters, our
# sentinels, U+2029, non-ASCII text and lone surrogates.
_NAMES = sorted(BLOCK_NAMES | TREE_SENSITIVE_NAMES | {"li", "br", "b", "span", "a", "body", "html"})
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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _assert_readable(text: str) -> None:
    """What any output must be: lines of single-spaced words, none empty, no control characters
    and no sentinel left."""
    assert not _CONTROL.search(text)
    assert "\ue000" not in text
    assert "\ue001" not in text
    for line in text.split("\n") if text else []:
        assert line
        assert line == " ".join(line.split())


def _visible(text: str) -> str:
    """The characters of a text that are not whitespace, item dashes, sentinels (a payload may
    write ours as entities) or control characters."""
    return _CONTROL.sub("", "".join(text.split())).translate(dict.fromkeys(map(ord, "-\ue000\ue001")))


@settings(max_examples=1500, derandomize=True, deadline=None, database=None)
@given(markup=ANY_MARKUP)
def test_any_markup_reads_as_clean_lines_of_the_text_the_parser_reads(markup):
    """Whatever the markup, clean lines; and sentinels put into the markup never move, drop or add
    a character of the text the parser reads: the text is the plain text of the same markup, cut
    into lines (and items)."""
    text = html_to_text(markup)
    _assert_readable(text)
    clean = repair_encoding(markup).replace("\ue000", "").replace("\ue001", "")
    if not any(f"<{name}" in clean.lower() for name in TREE_SENSITIVE_NAMES):
        tree = LexborHTMLParser(clean)
        assert _visible(text) == _visible((tree.body or tree.root).text(deep=True, separator=""))


def test_every_tag_name_and_ending_is_a_line_break_or_not():
    """Each name, start and end tag, lower and upper case, between two words: a tag the
    tokenizer reads whole ends a line when it names a block, a ``<br>`` or a list item (``</hr>``
    aside); a name that does not end where a tag name ends is no tag of ours."""
    for opening, name, after in itertools.product(
        ["<", "</"],
        [*_NAMES, *(name.upper() for name in _NAMES)],
        [">", " >", "/>", " x=1>", "\xa0>", "x>", "1>"],
    ):
        if name.lower() in TREE_SENSITIVE_NAMES:
            continue
        markup = f"one{opening}{name}{after}two"
        text = html_to_text(markup)
        _assert_readable(text)
        ours = after in (">", " >", "/>", " x=1>") and (
            name.lower() in BLOCK_NAMES | {"br", "li"} and (opening, name.lower()) != ("</", "hr")
        )
        if not ours:
            assert "\n" not in text, markup
        elif (opening, name.lower()) == ("<", "li"):
            assert text == "one\n- two", markup
        else:
            assert text == "one\ntwo", markup


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
def test_folding_keeps_every_word_and_leaves_clean_lines(text):
    folded = normalize_whitespace(text)
    _assert_readable(folded)
    words = _CONTROL.sub("", text).replace("\ue000", " ").replace("\ue001", " ").split()
    assert _visible(folded) == _visible("".join(words))


def test_folding_places_item_markers():
    assert (
        normalize_whitespace("\ue001\ue000\ue001 \ue001Lead\ue001\ue001\ue000 \ue001\ue000x y ")
        == "- Lead\n- x y"
    )


def test_mojibake_is_suspected_from_its_traces_only():
    """ftfy is asked to look only at text with a trace of UTF-8 read as Windows-1252: a lead byte
    shown as Â-ô before a continuation byte, or a C1 control."""
    assert mojibake_suspected("donâ€™t")
    assert mojibake_suspected("cafÃ©")
    assert mojibake_suspected("a\x85b")
    for clean in ("plain ascii", "café — naïve", "Ж\U0001f600", "€80k", "Ã", "é "):
        assert not mojibake_suspected(clean), clean
    assert repair_encoding("donâ€™t cafÃ©\x07") == "don’t café"
