"""Property over every fixture and bundled snapshot, all seven families: each list item's first
text is on the same line as its ``- `` marker in the parsed description, whatever blocks the item
wraps it in. The expectation is read from the HTML with selectolax directly, not from our
converter, so a converter that splits marker and text fails here."""

from __future__ import annotations

import html
from datetime import datetime, timezone
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

from jobintel_core.config.registry import ProviderConfig, load_registry
from jobintel_core.ingestion.ats import family_for
from jobintel_core.ingestion.payload import Payload
from jobintel_core.ingestion.text import repair_encoding

FIXTURES = Path(__file__).parents[3] / "fixtures"
SNAPSHOTS = Path(__file__).parents[4] / "jobintel_core" / "data" / "snapshots"
NOW = datetime(2026, 11, 21, tzinfo=timezone.utc)


def _cases() -> list[tuple[str, str, dict[str, Path]]]:
    cases = []
    for folder in (FIXTURES / "boards", FIXTURES / "real_shapes"):
        for name in ("greenhouse", "lever", "ashby", "workable", "remoteok"):
            part = "page-000.json" if name == "lever" else "board.json"
            cases.append((name, folder.name, {part: folder / f"{name}.json"}))
        details = {f"detail-{p.stem.removeprefix('smartrecruiters-detail-')}.json": p
                   for p in folder.glob("smartrecruiters-detail-*.json")}
        cases.append(("smartrecruiters", folder.name, {"list-000.json": folder / "smartrecruiters-list.json", **details}))
        cases.append(("jsonld", folder.name, {"page-000.html": folder / "careers.html"}))
    registry = load_registry(SNAPSHOTS.parents[2] / "config" / "providers.yaml")
    for board in sorted(SNAPSHOTS.iterdir()):
        for capture in sorted(board.glob("*.json")):
            cases.append((registry.get(board.name).ats, f"snapshot {board.name}/{capture.name}", {"board.json": capture}))
    return cases


def _first_text(item) -> str:
    for node in item.traverse(include_text=True):
        if node.tag == "-text" and node.text(deep=False).strip():
            return " ".join(repair_encoding(node.text(deep=False)).split())
    return ""


@pytest.mark.parametrize(("ats", "where", "parts"), _cases(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_list_item_starts_on_its_marker_line(ats, where, parts):
    provider = ProviderConfig.model_validate({"key": "p", "company": "C", "ats": ats, "board": "acme",
                                              "url": "https://example.com/careers"})
    payload = Payload({name: path.read_bytes() for name, path in parts.items()})
    result = family_for(ats).parse(payload, provider, NOW)
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
            assert any(line.startswith("- ") and first[:40] in line for line in lines), (where, posting.title, first)
    if where == "real_shapes" or ats == "lever":
        assert items_checked, f"{ats} {where}: the fixture should hold list items"
