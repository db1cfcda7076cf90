"""The settings page offers the alert channels by name (configured here or not, never a secret) and
saves the profile's choice through the profile model's rules."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from jobintel_core.alerting.channels import configured_channels
from jobintel_core.config.settings import Settings
from jobintel_core.matching.profiles.profile import load_profile
from jobintel_core.web.app import create_app
from tests.web.conftest import make_site

APPRISE_URL = "tgram://123456:bot-t0ken-do-not-leak/987"


@pytest.fixture(scope="module")
def site(web_day, tmp_path_factory):
    channels = configured_channels(
        Settings(smtp_host="127.0.0.1", smtp_from="jobintel@example.org"),
        {"JOBINTEL_APPRISE_URLS": APPRISE_URL},
    )
    return make_site(web_day, tmp_path_factory.mktemp("alert_settings"), alert_channels=tuple(channels))


def test_configured_channels_are_named_from_the_environment_without_their_secrets():
    assert configured_channels(Settings(), {}) == []
    assert configured_channels(Settings(smtp_host="mail.example.org"), {}) == []  # no sender: off
    env = {"JOBINTEL_DISCORD_WEBHOOK_URL": "https://discord.example/x", "JOBINTEL_APPRISE_URLS": " \n"}
    assert configured_channels(Settings(), env) == ["discord"]


def test_the_settings_page_offers_the_channels_and_saves_the_choice(site):
    client = TestClient(create_app(site.config))
    token = client.get("/api/session").json()["csrf"]
    page = client.get("/p/sam/settings").text
    assert 'name="alert_channels" value="email"' in page and 'name="alert_channels" value="apprise"' in page
    assert page.count("not configured on this server") == 1  # Discord only: no webhook in this test
    assert "bot-t0ken" not in page and "tgram://" not in page
    path = site.root / "profiles" / "sam.yaml"
    form = {"csrf": token, "titles": "Backend Engineer", "workplace": ["remote"]}
    before = path.read_bytes()
    refused = client.post("/p/sam/settings", data={**form, "alert_channels": ["email"]})
    assert refused.status_code == 422 and "alerts" in refused.text and path.read_bytes() == before
    bad = client.post("/p/sam/settings", data={**form, "alert_channels": ["pager"]})
    assert bad.status_code == 422 and "alerts.channels" in bad.text and path.read_bytes() == before
    saved = client.post(
        "/p/sam/settings",
        data={**form, "alert_channels": ["email", "apprise"], "alert_email": "sam@example.org"},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    alerts = load_profile(path).alerts
    assert alerts.channels == ["email", "apprise"] and alerts.email == "sam@example.org"
    page = client.get("/p/sam/settings").text
    assert 'value="email" checked' in page and 'value="discord" checked' not in page
