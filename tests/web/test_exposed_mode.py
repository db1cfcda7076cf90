"""Exposed mode: logins with argon2 hashes, every route behind a session (walked from the app's own
route table, so a new route cannot slip through), CSRF, per-user profile grants, the login throttle."""

from __future__ import annotations

import re

import pytest
import yaml
from fastapi.routing import iter_route_contexts
from fastapi.testclient import TestClient

from jobintel_core.config.settings import WEB_SECRET_ENV, Settings
from jobintel_core.matching.profiles.user_state import load_user_state
from jobintel_core.web.app import config_from_settings, create_app
from jobintel_core.web.security import LoginThrottle, User, hash_password
from tests.web.conftest import make_site

PUBLIC = {"/healthz", "/login"}
PASSWORDS = {"ana": "correct horse battery", "ben": "staple paper clip"}


@pytest.fixture(scope="module")
def site(web_day, tmp_path_factory):
    users = {
        "ana": User(password_hash=hash_password(PASSWORDS["ana"]), profiles=["alex"]),
        "ben": User(password_hash=hash_password(PASSWORDS["ben"]), profiles=["sam"]),
    }
    return make_site(web_day, tmp_path_factory.mktemp("exposed"), users=users)


@pytest.fixture
def app(site):
    return create_app(site.config)


def login_csrf(client: TestClient) -> str:
    """The token in the login form (the only page a visitor without a session may load)."""
    return re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)


def logged_in(app, user: str) -> TestClient:
    client = TestClient(app, base_url="https://testserver")  # Secure cookies go over https only
    csrf = login_csrf(client)
    answer = client.post(
        "/login", data={"csrf": csrf, "username": user, "password": PASSWORDS[user]}, follow_redirects=False
    )
    assert answer.status_code == 303, answer.text
    return client


def test_every_route_but_healthz_and_login_needs_a_session(app):
    client = TestClient(app, base_url="https://testserver")
    checked = 0
    for route in iter_route_contexts(app.routes):
        path = route.path.replace("{profile}", "alex").replace("{job_id}", "x")
        if route.methods is None:  # a mount: the package's static files, public by design (no data)
            assert path == "/static" and client.get("/static/app.css").status_code == 200
            continue
        for method in route.methods - {"HEAD"}:
            answer = client.request(method, path, follow_redirects=False)
            if route.path in PUBLIC:
                assert answer.status_code in (200, 403), (
                    method,
                    path,
                    answer.status_code,
                )  # 403: no CSRF token
                continue
            checked += 1
            assert answer.status_code in (401, 303), (method, path, answer.status_code)
            if answer.status_code == 303:
                assert answer.headers["location"].startswith("/login")
    assert checked >= 20


def test_login_sets_a_secure_httponly_samesite_cookie_and_grants_only_own_profiles(app, site):
    client = logged_in(app, "ana")
    header = TestClient(app, base_url="https://testserver").get("/login").headers["set-cookie"]
    assert "HttpOnly" in header and "Secure" in header and "SameSite=Lax" in header
    assert client.get("/api/profiles").json() == ["alex"]
    assert client.get("/p/alex").status_code == 200
    job_id = client.get("/api/profiles/alex/today").json()["rows"][0]["job_id"]
    assert client.get("/p/sam").status_code == 403
    assert client.get("/api/profiles/sam/today").status_code == 403
    assert client.get(f"/api/profiles/sam/jobs/{job_id}").status_code == 403
    before = load_user_state(site.store, "sam")
    csrf = client.get("/api/session").json()["csrf"]
    forbidden = client.post(
        f"/api/profiles/sam/jobs/{job_id}/stage", json={"stage": "applied"}, headers={"x-csrf-token": csrf}
    )
    assert forbidden.status_code == 403 and load_user_state(site.store, "sam") == before


def test_a_forged_form_post_without_the_token_is_refused(app, site):
    client = logged_in(app, "ben")
    job_id = client.get("/api/profiles/sam/today").json()["rows"][0]["job_id"]
    before = load_user_state(site.store, "sam")
    assert client.post(f"/p/sam/jobs/{job_id}/stage", data={"stage": "applied"}).status_code == 403
    assert load_user_state(site.store, "sam") == before


def test_the_sixth_failed_login_within_a_minute_is_throttled(app):
    client = TestClient(app, base_url="https://testserver")
    csrf = login_csrf(client)
    codes = [
        client.post("/login", data={"csrf": csrf, "username": "ana", "password": "wrong"}).status_code
        for _ in range(6)
    ]
    assert codes == [401] * 5 + [429]
    right = client.post("/login", data={"csrf": csrf, "username": "ana", "password": PASSWORDS["ana"]})
    assert right.status_code == 429  # throttled even with the right password until the minute is over


def test_throttle_forgets_failures_after_the_window():
    now = [0.0]
    throttle = LoginThrottle(limit=5, window_s=60, clock=lambda: now[0])
    for _ in range(5):
        throttle.failed("user:ana")
    assert throttle.blocked("user:ana") and not throttle.blocked("user:ben")
    now[0] = 61
    assert not throttle.blocked("user:ana")


def test_exposed_mode_needs_users_and_a_session_secret(tmp_path):
    with pytest.raises(ValueError, match="JOBINTEL_WEB_USERS"):
        config_from_settings(Settings(web_host="0.0.0.0", storage_url=str(tmp_path)), environ={})
    users = tmp_path / "users.yaml"
    users.write_text(yaml.safe_dump({"users": {"ana": {"password_hash": "plain", "profiles": ["alex"]}}}))
    with pytest.raises(ValueError, match=r"field 'users\.ana\.password_hash'"):
        config_from_settings(Settings(web_users_file=str(users), storage_url=str(tmp_path)), environ={})
    users.write_text(
        yaml.safe_dump({"users": {"ana": {"password_hash": hash_password("x"), "profiles": ["alex"]}}})
    )
    settings = Settings(web_host="0.0.0.0", web_users_file=str(users), storage_url=str(tmp_path))
    with pytest.raises(ValueError, match=WEB_SECRET_ENV):
        config_from_settings(settings, environ={})
    assert config_from_settings(settings, environ={WEB_SECRET_ENV: "k" * 40}).exposed
