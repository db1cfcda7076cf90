"""Every payload the repository holds, as parser inputs: the fixtures of ``tests/fixtures/boards``
and ``tests/fixtures/real_shapes`` (all seven families) and every bundled snapshot. Tests that
check a property of parsed descriptions run over all of them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from jobintel_core.config.registry import ProviderConfig, load_registry
from jobintel_core.ingestion.ats import family_for
from jobintel_core.ingestion.ats.base import ParseResult
from jobintel_core.ingestion.fetching.payload import Payload

FIXTURES = Path(__file__).parents[1] / "fixtures"
REPO = Path(__file__).parents[2]
SNAPSHOTS = REPO / "jobintel_core" / "data" / "snapshots"
NOW = datetime(2026, 11, 21, tzinfo=UTC)


class PayloadCase(NamedTuple):
    ats: str
    where: str
    parts: dict[str, Path]

    def parse(self) -> ParseResult:
        provider = ProviderConfig.model_validate(
            {
                "key": "p",
                "company": "C",
                "ats": self.ats,
                "board": "acme",
                "url": "https://example.com/careers",
            }
        )
        payload = Payload({name: path.read_bytes() for name, path in self.parts.items()})
        return family_for(self.ats).parse(payload, provider, NOW)


def payload_cases() -> list[PayloadCase]:
    cases = []
    for folder in (FIXTURES / "boards", FIXTURES / "real_shapes"):
        for name in ("greenhouse", "lever", "ashby", "workable", "remoteok"):
            part = "page-000.json" if name == "lever" else "board.json"
            cases.append(PayloadCase(name, folder.name, {part: folder / f"{name}.json"}))
        details = {
            f"detail-{p.stem.removeprefix('smartrecruiters-detail-')}.json": p
            for p in folder.glob("smartrecruiters-detail-*.json")
        }
        cases.append(
            PayloadCase(
                "smartrecruiters",
                folder.name,
                {"list-000.json": folder / "smartrecruiters-list.json", **details},
            )
        )
        cases.append(PayloadCase("jsonld", folder.name, {"page-000.html": folder / "careers.html"}))
    registry = load_registry(REPO / "config" / "providers.yaml")
    for board in sorted(SNAPSHOTS.iterdir()):
        for capture in sorted(board.glob("*.json")):
            cases.append(
                PayloadCase(
                    registry.get(board.name).ats,
                    f"snapshot {board.name}/{capture.name}",
                    {"board.json": capture},
                )
            )
    return cases
