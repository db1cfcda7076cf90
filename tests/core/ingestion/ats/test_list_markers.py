"""Property over every fixture and bundled snapshot, all seven families: each list item's first
text is on the same line as its ``- `` marker in the parsed description, whatever blocks the item
wraps it in. The expectation is read from the HTML with selectolax directly, not from our
converter, so a converter that splits marker and text fails here."""

from __future__ import annotations

import html

import pytest
from selectolax.lexbor import LexborHTMLParser

from jobintel_core.ingestion.normalization.text import repair_encoding
from tests.support.payload_cases import PayloadCase, payload_cases


def _first_text(item) -> str:
    for node in item.traverse(include_text=True):
        if node.tag == "-text" and node.text(deep=False).strip():
            return " ".join(repair_encoding(node.text(deep=False)).split())
    return ""


@pytest.mark.parametrize("case", payload_cases(), ids=lambda c: f"{c.ats}-{c.where}")
def test_every_list_item_starts_on_its_marker_line(case: PayloadCase):
    ats, where, result = case.ats, case.where, case.parse()
    items_checked = 0
    for posting in result.postings:
        markup = posting.description_html
        if ats == "greenhouse":
            markup = html.unescape(markup)
        lines = posting.description_text.split("\n")
        for item in LexborHTMLParser(markup).css("li"):
            first = _first_text(item)
            if not first:
                continue
            items_checked += 1
            assert any(line.startswith("- ") and first[:40] in line for line in lines), (
                where,
                posting.title,
                first,
            )
    if where == "real_shapes" or ats == "lever":
        assert items_checked, f"{ats} {where}: the fixture should hold list items"
