"""Property tests: whatever a board sends, a parser answers with rows (good ones kept, bad ones
rejected with the field named) or a ``PayloadError`` naming the provider — never another
exception. Payloads are each family's real-shaped fixture, mutated: values swapped for random JSON,
keys dropped, bodies cut or replaced by random bytes. HTML→text gets arbitrary markup.

Budget: ``EXAMPLES`` per family and per property (``make test`` runs them all; the seed is fixed by
Hypothesis's database-less derandomized mode so CI and a laptop explore the same cases).
"""

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.ats import family_for
from jobintel_core.ingestion.ats.base import PayloadError
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.normalization.text import html_to_text
from tests.support.live_boards import BOARDS

EXAMPLES = 400
FETCHED = datetime(2026, 11, 21, tzinfo=UTC)
PARTS = {
    "greenhouse": {"board.json": "greenhouse.json"},
    "lever": {"page-000.json": "lever.json"},
    "ashby": {"board.json": "ashby.json"},
    "smartrecruiters": {
        "list-000.json": "smartrecruiters-list.json",
        "detail-744000012345678.json": "smartrecruiters-detail-744000012345678.json",
        "detail-744000012345679.json": "smartrecruiters-detail-744000012345679.json",
    },
    "workable": {"board.json": "workable.json"},
    "remoteok": {"board.json": "remoteok.json"},
    "jsonld": {"page-000.html": "careers.html"},
}
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def provider(ats: str) -> ProviderConfig:
    extra = {"url": "https://careers.example/jobs"} if ats == "jsonld" else {}
    return ProviderConfig.model_validate(
        {"key": f"fuzz-{ats}", "company": "Fuzz", "ats": ats, "board": "acme", **extra}
    )


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    """Every location in a JSON document, as a path of keys and indexes."""
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += paths(value, (*prefix, index))
    return found


def replaced(node: Any, path: tuple, value: Any, drop: bool) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(node, dict):
        copy = dict(node)
        if drop and not rest:
            copy.pop(head, None)
        else:
            copy[head] = replaced(node[head], rest, value, drop)
        return copy
    copy = list(node)
    copy[head] = replaced(node[head], rest, value, drop)
    return copy


@st.composite
def mutated_parts(draw, ats: str) -> dict[str, bytes]:
    parts = {name: (BOARDS / file).read_bytes() for name, file in PARTS[ats].items()}
    name = draw(st.sampled_from(sorted(parts)))
    body = parts[name]
    how = draw(
        st.sampled_from(
            ["value", "drop", "cut", "bytes"] if name.endswith(".json") else ["cut", "bytes", "text"]
        )
    )
    if how in ("value", "drop"):
        document = json.loads(body)
        path = draw(st.sampled_from(paths(document)))
        body = json.dumps(replaced(document, path, draw(JSON_VALUES), how == "drop")).encode()
    elif how == "cut":
        body = body[: draw(st.integers(0, len(body)))]
    elif how == "bytes":
        body = draw(st.binary(max_size=300))
    else:
        cut = draw(st.integers(0, len(body)))
        body = body[:cut] + draw(st.text(max_size=80)).encode("utf-8", "surrogatepass") + body[cut:]
    return {**parts, name: body}


@pytest.mark.parametrize("ats", sorted(PARTS))
def test_any_mutated_payload_gives_rows_or_a_payload_error_naming_the_provider(ats):
    family, entry = family_for(ats), provider(ats)

    @FUZZ
    @given(parts=mutated_parts(ats))
    def check(parts: dict[str, bytes]) -> None:
        try:
            result = family.parse(Payload(parts), entry, FETCHED)
        except PayloadError as exc:
            # Either outcome is valid (rows or this error), so pytest.raises cannot express it.
            assert str(exc).startswith(f"provider 'fuzz-{ats}' ({ats}): ")  # noqa: PT017
            return
        for rejection in result.rejected:
            assert "field '" in rejection.reason or "JSON-LD block" in rejection.reason, rejection

    check()


@FUZZ
@given(
    markup=st.text(max_size=400)
    | st.lists(
        st.sampled_from(
            ["<li>", "</li>", "<p>", "</p>", "<ul>", "<br>", "&amp;", "&#0;", "<script>x", "\x00", "text"]
        ),
        max_size=40,
    ).map("".join)
)
def test_html_to_text_never_raises_and_keeps_no_control_characters(markup):
    text = html_to_text(markup)
    assert isinstance(text, str)
    assert not any(ord(c) < 32 and c != "\n" for c in text)
    assert "\ue000" not in text and "\ue001" not in text  # no sentinel of ours is left behind
