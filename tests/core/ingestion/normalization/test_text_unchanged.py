"""HTML → text gives, character for character, the text it gave when this file was frozen: for every
description in the fixtures and bundled snapshots (through the real parsers) and for a set of
markup edge cases (tables, implied end tags, upper-case and self-closed tags, markup inside
comments, attributes and scripts). Changing how the text is made must not change the text; a
deliberate change regenerates the file with ``UPDATE_TEXT_GOLDEN=1`` and shows up in review."""

from __future__ import annotations

import json
import os
from pathlib import Path

from jobintel_core.ingestion.normalization.text import html_to_text
from tests.support.payload_cases import FIXTURES, payload_cases

GOLDEN = FIXTURES / "html_to_text" / "expected.json"

EDGE_CASES = {
    "table rows": "<table><tr><td>Salary</td><td>€80k</td></tr><tr><th>Level</th><td>Senior</td></tr></table>after",
    "table with body and caption": "<table><caption>Pay</caption><tbody><tr><td>a</td></tr>\n<tr><td>b</td></tr></tbody></table>",
    "text between table rows": "<table><tr><td>a</td></tr>stray<tr><td>b</td></tr></table>",
    "implied end tags": "<p>one<p>two<ul><li>three<li>four</ul>five<div>six</p>seven",
    "upper case and attributes": "<DIV CLASS='x'><P style=\"a\">Hello</P><UL><LI>Item</LI></UL></DIV>",
    "self-closed and end br": "a<br/>b<br />c</br>d<hr>e<hr/>f",
    "markup in comment and attribute": "<p title=\"<p>x</p>\">t<!-- <p>hidden</p><li> -->u</p><a href='<br>'>v</a>",
    "script style noscript template": "<p>a<script>var s='<p>x</p>'</script>b<style>p{}</style>c<noscript><p>n</p></noscript>d<template><p>t</p></template>e</p>",
    "nested lists and empty items": "<ul><li><p>Lead</p><ul><li>sub one</li><li></li><li> </li></ul></li><li><br></li><li>last<br>line</li></ul>",
    "ordered list and definition list": "<ol><li>first</li><li>second</li></ol><dl><dt>Term</dt><dd>Def</dd></dl>",
    "inline only": "<span>a</span><b>b</b> <i>c</i><a>d</a>",
    "whitespace and nbsp": "<p>  a \n\t b&nbsp;&nbsp;c \u00a0 </p>\r\n<p>\u2029d\u2028e</p>",
    "pre keeps nothing special": "<pre>\n  code  here\n  more</pre>",
    "headings and sections": "<section><h1>T</h1><header>h</header><article><h6>x</h6>y</article><footer>f</footer></section>",
    "blockquote": "<blockquote>quoted<p>para</p></blockquote>tail",
    "unclosed tags at end": "<div><p>open<ul><li>dangling",
    "tag-like text": "a < b and c > d, <3 and <-> and </ p> and < p>",
    "entities": "&lt;p&gt;&amp;&quot;&#39;&#x2014;&bogus;&copy",
    "private use and separators": "x\ue000y<li>\ue000z</li>\u2029w",
    "control characters": "<p>a\x00b\x07c\x1bd\x7fe\x85f</p>",
    "mojibake": "<p>donâ€™t â€“ cafÃ©</p>",
    "uppercase void and odd spacing": "<P>a<BR>b<Br\n/>c</P\n><li\n>d</li >",
    "textarea and title": "<title><p>t</p></title><textarea><p>x</p></textarea>y",
    "select and option": "<select><option>A</option><option>B</option></select>z",
    "nested block in inline": "<b>bold<p>para</p>still</b>",
    "frameset-ish and body in fragment": "<body><p>in body</p></body><p>after body</p>",
    "deep nesting": "<div>" * 60 + "deep" + "</div>" * 60,
}


def _outputs() -> dict[str, str]:
    out = {}
    for case in payload_cases():
        for posting in case.parse().postings:
            out[f"{case.ats} | {case.where} | {posting.external_id}"] = posting.description_text
    for name, markup in EDGE_CASES.items():
        out[f"edge | {name}"] = html_to_text(markup)
        out[f"edge | {name} | unescape_first"] = html_to_text(markup, unescape_first=True)
    return out


def test_descriptions_and_edge_cases_read_as_frozen():
    outputs = _outputs()
    if os.environ.get("UPDATE_TEXT_GOLDEN"):
        GOLDEN.write_text(json.dumps(outputs, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    expected = json.loads(Path(GOLDEN).read_text())
    assert outputs.keys() == expected.keys()
    changed = [key for key in outputs if outputs[key] != expected[key]]
    assert not changed, [(key, expected[key], outputs[key]) for key in changed[:3]]
    assert len(outputs) > 500  # every posting of every case, not a handful
