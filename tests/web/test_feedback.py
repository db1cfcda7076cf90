"""Ratings and outcomes in the app, in process over a day the pipeline stored: the star control's form
on Today and the job page, the JSON API (GET list, POST one) with its refusals (unknown job 404
naming it, a value out of range 422 naming the field, nothing written), the tracker's moves as
outcomes, and the attacks: no session, another user's profile, a forged form, hostile values."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient

from jobintel_core.feedback.events import read_outcomes, read_ratings
from jobintel_core.matching.profiles.user_state import load_user_state
from jobintel_core.storage.keys import ratings_log_key, table_key
from jobintel_core.storage.tables import frame_of, table_from_parquet
from jobintel_core.web.app import create_app
from jobintel_core.web.security import User, hash_password
from tests.web.conftest import hostile_job_id, make_site

TODAY = date(2026, 11, 20)  # the stored day; the app's clock is set to it


def clock() -> datetime:
    return datetime(2026, 11, 20, 18, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def site(web_day, tmp_path_factory):
    return make_site(web_day, tmp_path_factory.mktemp("feedback"), clock=clock)


@pytest.fixture
def client(site):
    with TestClient(create_app(site.config)) as client:
        yield client


def csrf_of(client: TestClient) -> str:
    return client.get("/api/session").json()["csrf"]


def ratings_bytes(site) -> bytes | None:
    key = ratings_log_key("alex")
    return site.store.get(key) if site.store.exists(key) else None


def test_the_star_control_on_today_rates_a_job_and_shows_it(client, site):
    row = client.get("/api/profiles/alex/today").json()["rows"][1]
    page = client.get("/p/alex").text
    assert page.count('class="rating"') == page.count('class="job"') > 3  # one star control a card
    answer = client.post(
        f"/p/alex/jobs/{row['job_id']}/rating",
        data={"csrf": csrf_of(client), "stars": "4", "fit": "8", "pay": "", "comment": "", "back": "today"},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == "/p/alex"
    [rating] = [r for r in read_ratings(site.store, "alex").events if r.job_id == row["job_id"]]
    assert (rating.stars, rating.fit, rating.pay, rating.on) == (4, 8, None, TODAY)
    card = client.get("/p/alex").text.split(f"/jobs/{row['job_id']}/rating")[1].split("</form>")[0]
    assert 'value="4" required checked' in card and 'name="fit" min="1" max="10" step="1" value="8"' in card


def test_the_job_page_rates_and_shows_the_comment_escaped(client, site):
    job_id = hostile_job_id(site.store)
    comment = '<script>alert("x")</script> great team'
    answer = client.post(
        f"/p/alex/jobs/{job_id}/rating",
        data={"csrf": csrf_of(client), "stars": "5", "comment": comment},
        follow_redirects=False,
    )
    assert answer.status_code == 303 and answer.headers["location"] == f"/p/alex/jobs/{job_id}"
    page = client.get(answer.headers["location"]).text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; great team" in page and comment not in page
    job = client.get(f"/api/profiles/alex/jobs/{job_id}").json()
    assert job["rating"]["stars"] == 5 and job["rating"]["comment"] == comment


def test_the_api_lists_and_records_ratings(client, site):
    job_id = client.get("/api/profiles/alex/today").json()["rows"][2]["job_id"]
    token = csrf_of(client)
    made = client.post(
        "/api/profiles/alex/ratings",
        json={"job_id": job_id, "stars": 2, "interest": 3, "location": 10},
        headers={"x-csrf-token": token},
    )
    assert made.status_code == 200, made.text
    assert made.json() == {
        **made.json(),
        "profile": "alex",
        "job_id": job_id,
        "stars": 2,
        "on": TODAY.isoformat(),
    }
    listed = client.get("/api/profiles/alex/ratings").json()
    assert listed["ratings"][-1] == made.json() and listed["problems"] == []
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ("ratings", "outcomes", "batch"):
        assert f"/api/profiles/{{profile}}/{path}" in paths
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["RatingBody"]
    assert schema["properties"]["stars"]["maximum"] == 5


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"stars": 6}, "stars"),
        ({"stars": 0}, "stars"),
        ({"stars": "four"}, "stars"),
        ({"stars": 3, "fit": 11}, "fit"),
        ({"stars": 3, "pay": -1}, "pay"),
        ({"stars": 3, "comment": "x" * 2001}, "comment"),
        ({"fit": 5}, "stars"),
    ],
)
def test_a_refused_rating_is_a_422_naming_the_field_and_writes_nothing(client, site, body, field):
    job_id = hostile_job_id(site.store)
    before, token = ratings_bytes(site), csrf_of(client)
    api = client.post(
        "/api/profiles/alex/ratings", json={"job_id": job_id, **body}, headers={"x-csrf-token": token}
    )
    assert api.status_code == 422 and api.json()["fields"] == [field], api.text
    form = {k: str(v) for k, v in body.items()}
    page = client.post(f"/p/alex/jobs/{job_id}/rating", data={"csrf": token, **form})
    assert page.status_code == 422 and f"field &#39;{field}&#39;" in page.text
    assert ratings_bytes(site) == before


def test_an_unknown_job_is_a_404_naming_it_and_writes_nothing(client, site):
    before, token = ratings_bytes(site), csrf_of(client)
    for job_id in ("nope-123", "..%2F..%2Fuser_state%2Falex"):
        api = client.post(
            "/api/profiles/alex/ratings", json={"job_id": job_id, "stars": 4}, headers={"x-csrf-token": token}
        )
        assert api.status_code == 404 and repr(job_id) in api.json()["detail"]
        page = client.post(f"/p/alex/jobs/{job_id}/rating", data={"csrf": token, "stars": "4"})
        assert page.status_code == 404
    outcome = client.post(
        "/api/profiles/alex/outcomes",
        json={"job_id": "nope-123", "stage": "applied"},
        headers={"x-csrf-token": token},
    )
    assert outcome.status_code == 404 and "'nope-123'" in outcome.json()["detail"]
    assert ratings_bytes(site) == before


def test_a_hostile_back_or_a_forged_form_is_refused(client, site):
    job_id = hostile_job_id(site.store)
    before, token = ratings_bytes(site), csrf_of(client)
    redirect = client.post(
        f"/p/alex/jobs/{job_id}/rating", data={"csrf": token, "stars": "3", "back": "https://evil.example/"}
    )
    assert redirect.status_code == 422 and "back" in redirect.text
    forged = client.post(f"/p/alex/jobs/{job_id}/rating", data={"stars": "1"})
    wrong = client.post(
        "/api/profiles/alex/ratings", json={"job_id": job_id, "stars": 1}, headers={"x-csrf-token": "x"}
    )
    outcome = client.post("/api/profiles/alex/outcomes", json={"job_id": job_id, "stage": "applied"})
    assert forged.status_code == wrong.status_code == outcome.status_code == 403
    assert ratings_bytes(site) == before


def test_outcomes_are_the_trackers_moves(client, site):
    rows = client.get("/api/profiles/alex/today").json()["rows"][-3:]  # jobs no other test rates
    token = csrf_of(client)
    # a move in the tracker's form is an outcome ...
    moved = client.post(
        f"/p/alex/jobs/{rows[0]['job_id']}/stage",
        data={"csrf": token, "stage": "applied", "note": "via referral"},
        follow_redirects=False,
    )
    assert moved.status_code == 303
    # ... and an outcome from the API is a move in the tracker, on the day given
    made = client.post(
        "/api/profiles/alex/outcomes",
        json={"job_id": rows[1]["job_id"], "stage": "screen", "on": "2026-11-18"},
        headers={"x-csrf-token": token},
    )
    assert made.status_code == 200, made.text
    assert load_user_state(site.store, "alex").jobs[rows[1]["job_id"]].status == "screen"
    listed = client.get("/api/profiles/alex/outcomes").json()
    assert {(o["job_id"], o["stage"], o["on"]) for o in listed["outcomes"]} >= {
        (rows[0]["job_id"], "applied", TODAY.isoformat()),
        (rows[1]["job_id"], "screen", "2026-11-18"),
    }
    for body, field in (
        ({"stage": "hired"}, "stage"),
        ({"stage": "ignored"}, "stage"),  # a tracker state, not an outcome
        ({"stage": "offer", "on": "2026-11-21"}, "on"),  # after today
        ({"stage": "offer", "on": "someday"}, "on"),
    ):
        refused = client.post(
            "/api/profiles/alex/outcomes",
            json={"job_id": rows[2]["job_id"], **body},
            headers={"x-csrf-token": token},
        )
        assert refused.status_code == 422 and refused.json()["fields"] == [field], refused.text
    assert rows[2]["job_id"] not in load_user_state(site.store, "alex").jobs


def test_a_malformed_line_in_the_log_is_reported_and_the_others_kept(client, site):
    key = ratings_log_key("alex")
    good = site.store.get(key) if site.store.exists(key) else b""
    kept = len(read_ratings(site.store, "alex").events)
    site.store.put(key, good + b'{"profile": "alex", "job_id": "x", "stars": 9, "on": "2026-11-20"}\n')
    try:
        listed = client.get("/api/profiles/alex/ratings").json()
        line = good.count(b"\n") + 1
        assert len(listed["ratings"]) == kept
        [problem] = listed["problems"]
        assert problem.startswith(f"user_state/alex/ratings.jsonl:{line}: stars: ")  # the key, not the path
        assert client.get("/p/alex").status_code == 200  # the pages still show the good ones
    finally:
        site.store.put(key, good)


def test_without_a_model_today_shows_no_preference_and_no_exploration(client):
    """A profile nobody rated: the shortlist as the rules ranked it, nothing marked."""
    rows = client.get("/api/profiles/sam/today").json()["rows"]
    assert rows and all(r["preference_points"] == 0 and not r["preference_reasons"] for r in rows)
    assert not any(r["explore"] for r in rows)
    assert "EXPLORING" not in client.get("/p/sam").text


def test_exposed_mode_keeps_ratings_to_the_user_and_their_session(web_day, tmp_path):
    users = {
        "ana": User(password_hash=hash_password("ana's long password"), profiles=["alex"]),
        "ben": User(password_hash=hash_password("ben's long password"), profiles=["sam"]),
    }
    site = make_site(web_day, tmp_path, users=users, clock=clock)
    app = create_app(site.config)
    stranger = TestClient(app, base_url="https://testserver")
    assert stranger.get("/api/profiles/alex/ratings").status_code == 401
    assert stranger.get("/p/alex/batch", follow_redirects=False).headers["location"].startswith("/login")
    ana = TestClient(app, base_url="https://testserver")
    login = ana.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
    ana.post("/login", data={"csrf": login, "username": "ana", "password": "ana's long password"})
    token = ana.get("/api/session").json()["csrf"]
    job_id = ana.get("/api/profiles/alex/today").json()["rows"][0]["job_id"]
    assert ana.get("/api/profiles/sam/ratings").status_code == 403
    assert ana.get("/api/profiles/sam/outcomes").status_code == 403
    assert ana.get("/p/sam/batch").status_code == 403
    for answer in (
        ana.post(
            "/api/profiles/sam/ratings", json={"job_id": job_id, "stars": 1}, headers={"x-csrf-token": token}
        ),
        ana.post(f"/p/sam/jobs/{job_id}/rating", data={"csrf": token, "stars": "1"}),
        ana.post(
            "/api/profiles/sam/outcomes",
            json={"job_id": job_id, "stage": "withdrawn"},
            headers={"x-csrf-token": token},
        ),
    ):
        assert answer.status_code == 403
    assert read_ratings(site.store, "sam").events == [] and read_outcomes(site.store, "sam").events == []
    mine = ana.post(
        "/api/profiles/alex/ratings", json={"job_id": job_id, "stars": 5}, headers={"x-csrf-token": token}
    )
    assert mine.status_code == 200 and read_ratings(site.store, "alex").events[-1].stars == 5


def test_todays_batch_is_the_logged_one_with_a_progress_bar(client, site):
    """The batch page shows the ``batch`` rows of the day's impressions log, in their order, the
    exploration slot marked; rating one moves the progress and keeps it in the batch."""
    impressions = frame_of(table_from_parquet(site.store.get(table_key("impressions", TODAY.isoformat()))))
    logged = impressions[(impressions["profile"] == "sam") & (impressions["surface"] == "batch")]
    logged = logged.sort_values("rank")
    batch = client.get("/api/profiles/sam/batch").json()
    assert [r["job_id"] for r in batch["rows"]] == list(logged["job_id"]) and 0 < len(logged) <= 5
    assert [r["explore"] for r in batch["rows"]] == list(logged["explore"]) and batch["rated"] == 0
    page = client.get("/p/sam/batch").text
    total = len(logged)
    assert f'<progress id="batch-progress" max="{total}" value="0">' in page
    assert page.count('class="badge badge-explore"') == int(logged["explore"].sum())
    first = batch["rows"][0]["job_id"]
    answer = client.post(
        f"/p/sam/jobs/{first}/rating",
        data={"csrf": csrf_of(client), "stars": "3", "back": "batch"},
        follow_redirects=False,
    )
    assert answer.headers["location"] == "/p/sam/batch"
    after = client.get("/p/sam/batch").text
    assert f'max="{total}" value="1"' in after and after.count('class="job rated"') == 1
    assert client.get("/api/profiles/sam/batch").json()["rows"] == batch["rows"]  # the rated job stays
