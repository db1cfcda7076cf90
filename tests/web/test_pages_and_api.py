"""The app over a day the pipeline stored: Today, the job page, tracker writes through the core's
user-state functions, exports, and refusals (404 / 422 naming the field, nothing written)."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from jobintel_core.matching.profiles.profile import load_profile
from jobintel_core.matching.profiles.user_state import load_user_state
from jobintel_core.storage.keys import user_state_key
from jobintel_core.web.app import create_app
from jobintel_core.web.reader import WebReader
from tests.web.conftest import HOSTILE_HOST, hostile_job_id, make_site


@pytest.fixture(scope="module")
def site(web_day, tmp_path_factory):
    return make_site(web_day, tmp_path_factory.mktemp("pages"))


@pytest.fixture
def client(site):
    with TestClient(create_app(site.config)) as client:
        yield client


def csrf_of(client: TestClient) -> str:
    return client.get("/api/session").json()["csrf"]


def test_today_lists_the_shortlist_with_reasons_bars_and_filters(client):
    today = client.get("/api/profiles/alex/today").json()
    rows = today["rows"]
    assert today["day"] == "2026-11-20" and rows
    assert [r["rank"] for r in rows] == sorted(r["rank"] for r in rows)
    top = rows[0]
    assert top["reasons"] and {c["name"] for c in top["components"]} >= {"title", "semantic", "salary"}
    assert "NEW" in top["badges"] and top["places"] and top["first_seen"]
    page = client.get("/p/alex")
    assert page.status_code == 200 and top["title"] in page.text and 'class="seg seg-title"' in page.text
    high = client.get("/api/profiles/alex/today", params={"min_score": 80}).json()["rows"]
    assert high and all(r["score"] >= 80 for r in high) and len(high) < len(rows)
    remote = client.get("/api/profiles/alex/today", params={"workplace": "remote", "sort": "pay"}).json()[
        "rows"
    ]
    assert all(r["workplace"] == "remote" for r in remote)
    paid = [r["pay"]["yearly_converted"] or 0 for r in remote if r["pay"]]
    assert paid == sorted(paid, reverse=True)
    assert all(
        r["pay"] for r in client.get("/api/profiles/alex/today", params={"pay_known": "on"}).json()["rows"]
    )


def test_job_page_explains_the_score_and_sanitizes_the_description(client, site):
    top = client.get("/api/profiles/alex/today").json()["rows"][0]
    job = client.get(f"/api/profiles/alex/jobs/{top['job_id']}").json()
    assert (
        job["score"] == top["score"] and len(job["components"]) == 8 and job["versions"][0]["change"] == "new"
    )
    html = client.get(f"/p/alex/jobs/{hostile_job_id(site.store)}").text
    description = html[html.index('class="description"') :]
    assert "Join us." in description
    for inert in ("<script", "onerror", "javascript:", "<style", "style=", HOSTILE_HOST, "<img"):
        assert inert not in description, inert


def test_moving_a_job_writes_the_user_state_and_the_tracker_exports_it(client, site):
    job_id = client.get("/api/profiles/sam/today").json()["rows"][0]["job_id"]
    token = csrf_of(client)
    for stage, note in (("saved", ""), ("applied", "sent via referral")):
        answer = client.post(
            f"/p/sam/jobs/{job_id}/stage",
            data={"csrf": token, "stage": stage, "note": note, "follow_up": "2026-12-01"},
            follow_redirects=False,
        )
        assert answer.status_code == 303
    entry = load_user_state(site.store, "sam").jobs[job_id]
    assert (
        entry.status == "applied"
        and entry.notes == "sent via referral"
        and entry.follow_up == date(2026, 12, 1)
    )
    assert [c.status for c in entry.history] == ["saved", "applied"]
    board = client.get("/p/sam/tracker").text
    assert "sent via referral" in board
    rows = list(csv.DictReader(io.StringIO(client.get("/p/sam/tracker.csv").text)))
    assert (
        rows[0]["stage"] == "applied"
        and rows[0]["stages"].startswith("saved ")
        and " > applied " in rows[0]["stages"]
    )
    events = Calendar.from_ical(client.get("/p/sam/tracker.ics").content).walk("VEVENT")
    assert [e.decoded("dtstart") for e in events] == [date(2026, 12, 1)]


def test_hiding_a_company_and_not_interested_take_jobs_off_today(client, site):
    rows = client.get("/api/profiles/alex/today").json()["rows"]
    company = rows[0]["company"]
    token = csrf_of(client)
    client.post("/p/alex/companies", data={"csrf": token, "company": company}, follow_redirects=False)
    after = client.get("/api/profiles/alex/today").json()
    assert company in after["hidden_companies"] and all(r["company"] != company for r in after["rows"])
    client.post(
        "/api/profiles/alex/hidden-companies",
        json={"company": company, "hidden": False},
        headers={"x-csrf-token": token},
    )
    assert company in {r["company"] for r in client.get("/api/profiles/alex/today").json()["rows"]}
    other = rows[-1]["job_id"]
    client.post(f"/api/profiles/alex/jobs/{other}/not-interested", headers={"x-csrf-token": token})
    assert other not in {r["job_id"] for r in client.get("/api/profiles/alex/today").json()["rows"]}


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("/p/nobody", "no profile &#39;nobody&#39;"),
        ("/p/alex/jobs/nope", "no job &#39;nope&#39;"),
        ("/api/profiles/nobody/today", "no profile 'nobody'"),
    ],
)
def test_unknown_profile_or_job_is_a_404_page(client, path, text):
    answer = client.get(path)
    assert answer.status_code == 404 and text in answer.text


def test_invalid_stage_date_or_filter_is_422_naming_the_field_and_writes_nothing(client, site):
    job_id = hostile_job_id(site.store)
    token = csrf_of(client)
    before = site.store.get(user_state_key("alex")) if site.store.exists(user_state_key("alex")) else None
    for data, field in (
        ({"stage": "hired"}, "stage"),
        ({"stage": "applied", "follow_up": "2026-13-45"}, "follow_up"),
    ):
        answer = client.post(f"/p/alex/jobs/{job_id}/stage", data={"csrf": token, **data})
        assert answer.status_code == 422 and f"field &#39;{field}&#39;" in answer.text
    api = client.post(
        f"/api/profiles/alex/jobs/{job_id}/stage", json={"stage": "hired"}, headers={"x-csrf-token": token}
    )
    assert api.status_code == 422 and api.json()["fields"] == ["stage"]
    page = client.get("/p/alex", params={"min_score": "lots"})
    assert page.status_code == 422 and "min_score" in page.text
    assert client.get("/p/alex", params={"min_score": 101}).status_code == 422
    after = site.store.get(user_state_key("alex")) if site.store.exists(user_state_key("alex")) else None
    assert after == before


def test_a_post_without_the_csrf_token_is_refused(client, site):
    job_id = hostile_job_id(site.store)
    before = load_user_state(site.store, "alex")
    forged = client.post(f"/p/alex/jobs/{job_id}/stage", data={"stage": "applied"})
    wrong = client.post(
        f"/api/profiles/alex/jobs/{job_id}/stage", json={"stage": "applied"}, headers={"x-csrf-token": "x"}
    )
    assert forged.status_code == 403 and wrong.status_code == 403
    assert load_user_state(site.store, "alex") == before


def test_pages_send_a_csp_without_inline_script_and_healthz_answers(client):
    answer = client.get("/p/alex")
    csp = answer.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert not re.search(r"<script(?![^>]*\bsrc=)", answer.text)  # no inline script in any page
    assert client.get("/healthz").json() == {"ok": True, "storage": "ok"}
    assert "/api/profiles/{profile}/today" in client.get("/api/openapi.json").json()["paths"]


def test_changes_list_the_days_new_jobs(client):
    changes = client.get("/api/changes").json()
    assert changes["day"] == "2026-11-20" and changes["rows"]
    assert {r["change"] for r in changes["rows"]} == {"new"}  # one stored day: every job is new
    assert changes["rows"][0]["title"] in client.get("/changes").text


def test_settings_save_the_profile_file_or_refuse_naming_the_field(client, site):
    path = site.root / "profiles" / "sam.yaml"
    token = csrf_of(client)
    page = client.get("/p/sam/settings").text
    assert "comment lines" in page  # the bundled file is commented: the user is warned first
    form = {
        "csrf": token,
        "titles": "Backend Engineer\nPlatform Engineer",
        "workplace": ["remote"],
        "min_score": "40",
    }
    before = path.read_bytes()
    refused = client.post(
        "/p/sam/settings", data={**form, "salary_floor": "90000", "salary_currency": "EURO"}
    )
    assert refused.status_code == 422 and "salary_currency" in refused.text and path.read_bytes() == before
    saved = client.post(
        "/p/sam/settings",
        data={**form, "salary_floor": "90000", "salary_currency": "eur"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    profile = load_profile(path)
    assert profile.titles == ["Backend Engineer", "Platform Engineer"] and profile.salary_currency == "EUR"
    assert profile.shortlist.min_score == 40 and [w.value for w in profile.workplace] == ["remote"]


def test_onboarding_creates_a_new_profile(client, site):
    token = csrf_of(client)
    form = {"csrf": token, "name": "robin", "titles": "Data Analyst", "must_have": "SQL, Python"}
    assert client.post("/onboarding", data={**form, "name": "Robin!"}).status_code == 422
    assert client.post("/onboarding", data=form, follow_redirects=False).headers["location"] == "/p/robin"
    assert load_profile(site.root / "profiles" / "robin.yaml").must_have == ["SQL", "Python"]
    assert client.post("/onboarding", data=form).status_code == 409
    assert client.get("/p/robin").status_code == 200  # no shortlist for it until the next run: an empty Today


def test_search_finds_jobs_by_meaning_with_the_profiles_score(client):
    found = client.get("/api/profiles/alex/search", params={"q": "building data pipelines"}).json()
    assert found["hits"] and found["hits"][0]["cosine"] >= found["hits"][-1]["cosine"]
    assert any("Data" in h["title"] for h in found["hits"][:3])
    assert any(h["score"] is not None for h in found["hits"])
    page = client.get("/p/alex/search", params={"q": "building data pipelines"})
    assert page.status_code == 200 and found["hits"][0]["title"] in page.text
    refused = client.get("/p/alex/search", params={"q": "x"})
    assert refused.status_code == 422 and "q" in refused.text


def test_settings_suggest_skills_the_best_jobs_ask_for_and_the_profile_lacks(client, site):
    def suggestions(page: str) -> list[str]:
        found = re.search(r'id="skill-suggestions">[^:]*:\s*([^<]*)</p>', page)
        assert found, "the settings page offers skills from the day's jobs"
        return [s.strip() for s in found.group(1).split(",")]

    suggested = suggestions(client.get("/p/alex/settings").text)
    profile = load_profile(site.root / "profiles" / "alex.yaml")
    have = {s.casefold() for s in profile.must_have + profile.nice_to_have}
    assert suggested and not have & {s.casefold() for s in suggested}
    reader = WebReader(site.store, site.root / "profiles")
    day = reader.latest_day()
    assert day is not None
    day_skills = {s for skills in reader.history(day, ["skills"])["skills"] for s in skills}
    assert set(suggested) <= day_skills  # names the scorer knows: read from the jobs' skills column
    assert suggestions(client.get("/onboarding").text)  # a new profile: the day's most asked-for skills
