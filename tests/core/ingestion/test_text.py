from hypothesis import given, settings
from hypothesis import strategies as st

from jobintel_core.ingestion.text import (
    clean_inline,
    html_to_text,
    marked_in_markup,
    marked_in_tree,
    normalize_whitespace,
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
        lambda t: f"<{t[0].upper() if t[3] else t[0]}{t[1]}>{t[2]}</{t[0].upper() if t[3] else t[0]}>")


INLINE = st.recursive(TEXT | st.sampled_from(["<br>", "<BR/>", "<br />"]),
                      lambda inner: _element(["b", "i", "em", "strong", "a", "span", "code"],
                                             st.lists(inner, min_size=1, max_size=3).map("".join)), max_leaves=6)
PHRASING = st.lists(INLINE, min_size=1, max_size=3).map("".join)


def _list(flow):
    item = st.tuples(ATTRS, flow | PHRASING, st.booleans()).map(lambda t: f"<li{t[0]}>{t[1]}" + ("</li>" if t[2] else ""))
    return st.tuples(st.sampled_from(["ul", "ol"]), st.lists(item, max_size=4).map("".join)).map(
        lambda t: f"<{t[0]}>{t[1]}</{t[0]}>")


FLOW = st.recursive(
    PHRASING | _element(["p", "h2", "h3", "pre", "dt"], PHRASING) | st.just("<hr>"),
    lambda inner: _element(["div", "section", "blockquote", "article", "aside", "dd"],
                           st.lists(inner | PHRASING, min_size=1, max_size=3).map("".join)) | _list(inner),
    max_leaves=10,
)


@settings(max_examples=400, derandomize=True, deadline=None, database=None)
@given(markup=st.lists(FLOW | PHRASING, min_size=1, max_size=4).map("".join))
def test_marking_in_the_markup_reads_as_marking_in_the_tree(markup):
    """The fast way (sentinels put into the markup) against the reference (sentinels put into the
    parsed tree), on well-nested markup: one text."""
    assert normalize_whitespace(marked_in_markup(markup)) == normalize_whitespace(marked_in_tree(markup))


def test_markup_the_parser_rearranges_is_marked_in_the_tree():
    """Stray text in a table is moved out of it by the parser: table rows still end their lines."""
    assert html_to_text("<table><tr><td>a</td></tr><tr><td>b</td></tr></table>") == "a\nb"
    assert normalize_whitespace(marked_in_markup("<table><tr><td>a</td></tr><tr><td>b</td></tr></table>")) == "ab"
