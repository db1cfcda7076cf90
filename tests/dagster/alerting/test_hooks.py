"""The alert hooks on the assets, against a real loopback webhook server."""

from datetime import date

import yaml
from dagster import DagsterInstance, materialize

from jobintel_dagster.runs.day import run_day
from tests.conftest import make_workspace

PROVIDERS = ["northwind", "lumen-ai"]


def test_shortlist_hook_alerts_new_matches_once_and_failures_name_the_asset(
    tmp_path, monkeypatch, fake_discord, fake_smtp, fake_push
):
    smtp = fake_smtp.env()
    for key, value in {
        "JOBINTEL_DISCORD_WEBHOOK_URL": fake_discord.url,
        "JOBINTEL_SMTP_PASSWORD": smtp.pop("JOBINTEL_SMTP_PASSWORD"),
        "JOBINTEL_APPRISE_URLS": fake_push.url,
    }.items():
        monkeypatch.setenv(key, value)
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    alerts = {"channels": ["discord", "email", "apprise"], "email": "dana@example.org"}
    (profiles / "dana.yaml").write_text(
        yaml.safe_dump({"titles": ["Data Engineer"], "shortlist": {"min_score": 30}, "alerts": alerts})
    )
    (profiles / "erin.yaml").write_text(
        yaml.safe_dump({"titles": ["Data Engineer"], "alerts": {"channels": []}})
    )
    settings = {f.removeprefix("JOBINTEL_").lower(): v for f, v in smtp.items()}
    ws = make_workspace(
        tmp_path / "ws", providers=PROVIDERS, profiles_dir=profiles, alert_min_score=40, **settings
    )
    defs, instance = ws.definitions(), DagsterInstance.ephemeral()
    assert run_day(defs, instance, date(2026, 11, 17), log_level="ERROR").ok
    assert fake_discord.requests, "the shortlist hook posted nothing"
    assert all(r["json"]["allowed_mentions"] == {"parse": []} for r in fake_discord.requests)
    assert "JobIntel · dana · 2026-11-17" in fake_discord.contents[0]
    assert not any("JobIntel · erin" in c for c in fake_discord.contents)  # erin chose no channel
    [mail] = fake_smtp.messages
    [push] = fake_push.notifications
    assert mail["To"] == "dana@example.org" and mail["Subject"].startswith("JobIntel · dana · 2026-11-17")
    assert push["title"] == mail["Subject"]
    sent = len(fake_discord.requests)

    again = materialize(
        list(defs.assets),
        resources=dict(defs.resources),
        partition_key="2026-11-17",
        selection=["job_scores", "shortlist"],
        instance=instance,
    )
    assert again.success and len(fake_discord.requests) == sent  # a rerun alerts nothing again
    assert len(fake_smtp.messages) == len(fake_push.notifications) == 1

    ws.snapshot_path("northwind", "2026-11-18").write_text("<html>Access denied</html>")
    run_day(
        defs, instance, date(2026, 11, 18), providers=["northwind"], log_level="ERROR", with_history=False
    )
    failure = fake_discord.contents[-1]
    assert "**JobIntel failure** · `jobs` · partition `2026-11-18\\|northwind`" in failure
    assert "not valid JSON" in failure and "s3cr3t-token" not in failure
