from jobintel_core.ingestion.text import clean_inline, html_to_text


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
