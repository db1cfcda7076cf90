"""What the families added for live ingestion make of their fixture boards, field by field."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from jobintel_core.config.registry import SUPPORTED_ATS, ProviderConfig
from jobintel_core.ingestion.ats import FAMILIES, family_for
from jobintel_core.ingestion.ats.jsonld import decode_block
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.normalization.posting import WorkplaceType
from tests.support.live_boards import BOARDS

NOW = datetime(2026, 11, 21, tzinfo=UTC)


def parse(ats: str, parts: dict[str, str], **entry):
    provider = ProviderConfig.model_validate(
        {"key": f"t-{ats}", "company": "Registry Co", "ats": ats, "board": "acme", **entry}
    )
    payload = Payload({name: (BOARDS / file).read_bytes() for name, file in parts.items()})
    return family_for(ats).parse(payload, provider, NOW)


def test_every_registry_ats_has_a_family():
    assert set(FAMILIES) == set(SUPPORTED_ATS)


def test_smartrecruiters_merges_list_and_detail():
    result = parse(
        "smartrecruiters",
        {
            "list-000.json": "smartrecruiters-list.json",
            "detail-744000012345678.json": "smartrecruiters-detail-744000012345678.json",
            "detail-744000012345679.json": "smartrecruiters-detail-744000012345679.json",
        },
    )
    sre, csm = result.postings
    assert (
        sre.title == "Site Reliability Engineer" and sre.company == "Registry Co"
    )  # a single-company board: the registry names it
    assert sre.workplace_type == WorkplaceType.HYBRID and sre.locations == ["Warsaw, Masovian, Poland"]
    assert "Terraform & Go" in sre.description_text and sre.url.endswith(
        "744000012345678-site-reliability-engineer"
    )
    assert sre.department == "Infrastructure" and sre.employment_type == "full-time"
    assert csm.workplace_type == WorkplaceType.REMOTE and csm.employment_type == "contract"


def test_workable_remote_flag_and_dates():
    result = parse("workable", {"board.json": "workable.json"})
    embedded, qa = result.postings
    assert embedded.company == "Registry Co" and embedded.locations == ["Athens, Attica, Greece"]
    assert embedded.posted_at == datetime(2026, 11, 14, tzinfo=UTC)
    assert qa.workplace_type == WorkplaceType.REMOTE and qa.url == "https://apply.workable.com/j/F6G7H8I9J0"


def test_remoteok_skips_the_legal_row_and_strips_the_injected_sentence():
    result = parse("remoteok", {"board.json": "remoteok.json"})
    assert len(result.postings) == 2 and not result.rejected  # the legal row is neither job nor rejection
    python, devrel = result.postings
    assert {p.company for p in result.postings} == {
        "Acme Remote",
        "Globex",
    }  # an aggregator: each posting's own
    assert "Please mention" not in python.description_text and "human" not in python.description_text
    assert python.description_text.strip() == "Build APIs in Python."
    assert python.compensation.min == 90000 and python.compensation.currency == "USD"
    assert devrel.compensation is None and devrel.locations == []  # 0 means unknown
    assert {p.workplace_type for p in result.postings} == {WorkplaceType.REMOTE}


def test_jsonld_career_page_graph_lists_references_and_broken_blocks():
    result = parse("jsonld", {"page-000.html": "careers.html"}, url="https://acme-foods.example/careers")
    by_id = {p.external_id: p for p in result.postings}
    assert set(by_id) == {"AF-17", "AF-21", "AF-30"}
    scientist = by_id["AF-17"]
    assert scientist.company == "Registry Co"
    assert scientist.locations == ["Hamburg, HH, DE"] and scientist.workplace_type == WorkplaceType.ONSITE
    assert (
        scientist.compensation.min == 55000 and scientist.compensation.max is None
    )  # maxValue 0 = not given
    remote = by_id["AF-21"]
    assert remote.workplace_type == WorkplaceType.REMOTE and remote.locations == ["Remote (Germany)"]
    assert remote.description_text.strip() == "Pipelines for supply chain."  # entity-escaped HTML
    assert remote.compensation.max == 80000 and remote.employment_type == "full-time"
    assert by_id["AF-30"].locations == ["Munich, Germany"]  # a list block with a trailing brace
    [broken] = result.rejected
    assert "page-000.html JSON-LD block #3: not valid JSON" in broken.reason


def test_jsonld_page_without_blocks_is_an_error_not_zero_jobs(tmp_path):
    provider = ProviderConfig(key="x", company="X", ats="jsonld", board="x", url="https://x.example/jobs")
    with pytest.raises(Exception, match="no JSON-LD blocks"):
        family_for("jsonld").parse(
            Payload.single("page-000.html", b"<html><body>We moved!</body></html>"), provider, NOW
        )


def test_decode_block_repairs_what_pages_get_wrong():
    assert decode_block('<![CDATA[ {"a": 1} ]]>') == {"a": 1}
    assert decode_block('// comment\n{"a": /* note */ 2}}') == {"a": 2}
    assert decode_block('{"a": "line\nbreak\x01"}') == {"a": "line\nbreak "}
    with pytest.raises(ValueError, match="not valid JSON"):
        decode_block('{"a": ')


def test_workable_says_a_place_once_when_its_region_is_named_like_its_city():
    document = {
        "name": "Acme",
        "jobs": [
            {
                "shortcode": "L1",
                "title": "Analyst",
                "url": "https://apply.workable.com/j/L1",
                "city": "Lisbon",
                "state": "Lisbon",
                "country": "Portugal",
                "locations": [
                    {"city": "Lisbon", "region": "Lisbon", "country": "Portugal"},
                    {"city": "Porto", "region": "Porto District", "country": "Portugal"},
                ],
            }
        ],
    }
    provider = ProviderConfig(key="acme-workable", company="Acme", ats="workable", board="acme")
    [job] = (
        family_for("workable")
        .parse(Payload.single("board.json", json.dumps(document).encode()), provider, NOW)
        .postings
    )
    assert job.locations == ["Lisbon, Portugal", "Porto, Porto District, Portugal"]
