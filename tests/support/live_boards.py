"""The fixture boards of every ATS family, as a loopback ``BoardServer`` serves them, and the
registry entries that point JobIntel at them (loopback explicitly allowed, fast politeness)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.support.board_server import BoardServer, Reply

BOARDS = Path(__file__).resolve().parents[1] / "fixtures" / "boards"
ROBOTS_ALLOW = b"User-agent: *\nAllow: /\n"
# Fast but still real: every knob goes through the same code as the defaults.
FAST_FETCH = {
    "rps": 50,
    "backoff_base_s": 0.05,
    "backoff_cap_s": 1,
    "retry_after_cap_s": 3,
    "timeout_s": 0.4,
    "max_retries": 2,
}
CONTACT = "jobs-bot@example.org"


def _read(name: str) -> bytes:
    return (BOARDS / name).read_bytes()


@dataclass(frozen=True)
class FixtureBoard:
    ats: str
    board: str
    routes: dict[str, bytes]
    main: str  # the request target scenarios tamper with
    content_type: str = "application/json"
    postings: int = 2

    @property
    def key(self) -> str:
        return f"acme-{self.ats}"

    def serve(self, server: BoardServer, robots: bytes = ROBOTS_ALLOW) -> None:
        server.route("/robots.txt", Reply(200, robots, {"Content-Type": "text/plain"}))
        for target, body in self.routes.items():
            server.route(target, Reply(200, body, {"Content-Type": self.content_type}))

    def entry(self, server: BoardServer, key: str | None = None, **extra: object) -> dict[str, object]:
        entry: dict[str, object] = {
            "key": key or self.key,
            "company": "Acme",
            "ats": self.ats,
            "board": self.board,
            "allowed_domains": ["127.0.0.1"],
            "allow_private_network": True,
            "fetch": dict(FAST_FETCH),
        }
        if self.ats == "jsonld":
            entry["url"] = f"{server.url}/careers"
        else:
            entry["base_url"] = server.url
        entry.update(extra)
        return entry


SR = "/v1/companies/AcmeCorp/postings"
FAMILY_BOARDS = [
    FixtureBoard(
        "greenhouse",
        "acme",
        {"/v1/boards/acme/jobs?content=true&pay_transparency=true": _read("greenhouse.json")},
        "/v1/boards/acme/jobs?content=true&pay_transparency=true",
    ),
    FixtureBoard(
        "lever",
        "acme",
        {"/v0/postings/acme?mode=json&skip=0&limit=100": _read("lever.json")},
        "/v0/postings/acme?mode=json&skip=0&limit=100",
    ),
    FixtureBoard(
        "ashby",
        "acme",
        {"/posting-api/job-board/acme?includeCompensation=true": _read("ashby.json")},
        "/posting-api/job-board/acme?includeCompensation=true",
        postings=1,
    ),
    FixtureBoard(
        "smartrecruiters",
        "AcmeCorp",
        {
            f"{SR}?limit=100&offset=0": _read("smartrecruiters-list.json"),
            f"{SR}/744000012345678": _read("smartrecruiters-detail-744000012345678.json"),
            f"{SR}/744000012345679": _read("smartrecruiters-detail-744000012345679.json"),
        },
        f"{SR}?limit=100&offset=0",
    ),
    FixtureBoard(
        "workable",
        "acme",
        {"/api/v1/widget/accounts/acme?details=true": _read("workable.json")},
        "/api/v1/widget/accounts/acme?details=true",
    ),
    FixtureBoard("remoteok", "python", {"/api?tag=python": _read("remoteok.json")}, "/api?tag=python"),
    FixtureBoard(
        "jsonld",
        "acme-foods",
        {"/careers": _read("careers.html")},
        "/careers",
        content_type="text/html; charset=utf-8",
        postings=3,
    ),
]
BY_ATS = {board.ats: board for board in FAMILY_BOARDS}

# A bot-challenge page as CDNs serve it: what deny detection must call 'blocked'.
CAPTCHA = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b"<div id='cf-challenge'>Checking your browser</div><script src='/cdn-cgi/challenge-platform/x.js'>"
    b"</script></body></html>"
)
