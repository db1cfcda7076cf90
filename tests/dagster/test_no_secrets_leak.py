"""No secret — webhook URL, SMTP password, Apprise URL, AWS keys, PostgreSQL password, AI key — in
metadata, logs, alerts or artifacts; and no résumé text outside the user's own application files, no
rating comment outside the user's own ratings log."""

import shutil
from datetime import date

from dagster import DagsterInstance, serialize_value

from jobintel_core.applications.library import save_resume
from jobintel_core.feedback.events import Rating, record_rating
from jobintel_core.storage.tables import latest_daily_table
from jobintel_core.storage.urls import open_store
from jobintel_dagster.applications.assets import APPLICATIONS_PARTITIONS, application_key
from jobintel_dagster.applications.automation import PREPARE_APPLICATION_JOB
from jobintel_dagster.insights.automation import WEEKLY_INSIGHTS_JOB
from jobintel_dagster.runs.day import run_day
from jobintel_dagster.runs.execute import execute_job
from jobintel_dagster.runs.warehouse import build_warehouse
from tests.conftest import REPO_ROOT, make_workspace
from tests.core.applications.drafting import fixture_resume, personal_strings

PG_PASSWORD = "pg-Pa55-do-not-leak"  # trust auth on the test server accepts any password
AWS_SECRET = "aws-S3cret-do-not-leak"
AWS_KEY_ID = "AKIADONOTLEAK0000"
AI_KEY = "sk-ai-do-not-leak-0000"
RATING_COMMENT = "dana-private-comment-do-not-leak"


def test_a_full_day_leaks_no_secret(
    tmp_path, monkeypatch, postgres_db, s3_server, fake_discord, fake_smtp, fake_push, fake_llm, capfd
):
    home = tmp_path / "home"
    home.mkdir()
    shutil.copy(REPO_ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    env = {
        **postgres_db.env(),
        "DAGSTER_PG_PASSWORD": PG_PASSWORD,
        "DAGSTER_HOME": str(home),
        "DAGSTER_COMPUTE_LOG_BUCKET": s3_server.bucket,
        "AWS_SECRET_ACCESS_KEY": AWS_SECRET,
        "AWS_ACCESS_KEY_ID": AWS_KEY_ID,
        "JOBINTEL_DISCORD_WEBHOOK_URL": fake_discord.url,
        "DAGSTER_WEBSERVER_URL": "http://dagster.example",
        "JOBINTEL_AI_API_KEY": AI_KEY,
        "JOBINTEL_SMTP_PASSWORD": fake_smtp.password,
        "JOBINTEL_APPRISE_URLS": fake_push.url,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / "dana.yaml").write_text(
        "titles: [Data Engineer]\nshortlist: {min_score: 20}\n"
        "alerts: {channels: [discord, email, apprise], email: dana@example.org}\n"
    )
    smtp = {k.removeprefix("JOBINTEL_").lower(): v for k, v in fake_smtp.env().items() if "PASSWORD" not in k}
    ws = make_workspace(
        tmp_path / "ws",
        providers=["northwind", "lumen-ai"],
        profiles_dir=profiles,
        storage_url=f"s3://{s3_server.bucket}/data",
        alert_min_score=20,
        ai_url=fake_llm.base_url,
        ai_model="tiny",
        insights_to_discord=True,
        **smtp,
    )
    ws.snapshot_path("lumen-ai", "2026-11-17").write_text("<html>denied</html>")  # a failure alert too
    defs = ws.definitions()
    rating = Rating(
        profile="dana", job_id="0123456789abcdef", stars=2, comment=RATING_COMMENT, on=date(2026, 11, 16)
    )
    record_rating(open_store(ws.settings.storage_url), rating)  # read by the feedback assets of the day
    with DagsterInstance.get() as instance:
        outcome = run_day(defs, instance, date(2026, 11, 17), log_level="DEBUG")
        assert outcome.history_ok and not outcome.ok  # lumen-ai failed on purpose
        warehouse = ws.warehouse_definitions()
        assert build_warehouse(warehouse, instance, "DEBUG", verbose=True).ok  # dbt's log on stdout too
        assert execute_job(warehouse, WEEKLY_INSIGHTS_JOB, "2026-11-16", instance, trigger="test").success
        store = open_store(ws.settings.storage_url)  # a résumé, and one job's drafts with the AI on
        save_resume(store, "dana", fixture_resume("alex"))
        _, shortlist = latest_daily_table(store, "shortlist")
        draft_key = application_key("dana", "main", shortlist["job_id"].iloc[0])
        instance.add_dynamic_partitions(APPLICATIONS_PARTITIONS, [draft_key])
        assert execute_job(defs, PREPARE_APPLICATION_JOB, draft_key, instance, trigger="test").success
        runs = instance.get_runs()
        events = [serialize_value(entry) for run in runs for entry in instance.all_logs(run.run_id)]
        run_configs = [serialize_value(run) for run in runs]
    client = s3_server.client()
    keys = [
        o["Key"]
        for page in client.get_paginator("list_objects_v2").paginate(Bucket=s3_server.bucket)
        for o in page.get("Contents", [])
    ]
    artifacts = {key: client.get_object(Bucket=s3_server.bucket, Key=key)["Body"].read() for key in keys}
    captured = capfd.readouterr()

    assert any(k.startswith("dagster-compute-logs/") for k in keys) and any(
        k.startswith("data/shortlist/") for k in keys
    )
    assert len(fake_discord.requests) >= 3 and len(events) > 50  # alerts were sent, events written
    assert len(fake_smtp.messages) == len(fake_push.notifications) == 1  # the digest by e-mail and Apprise
    # the key was used: the narrative, then the CV, the letter and the brief
    assert [r["authorization"] for r in fake_llm.requests] == [f"Bearer {AI_KEY}"] * 4
    assert any(k.endswith("/dana/report.md") for k in keys)
    assert any(c.startswith("Weekly insights: dana, week of 2026-11-16") for c in fake_discord.contents)
    token = fake_discord.url.rsplit("/", 1)[-1]
    haystacks = {
        "event log": "\n".join(events),
        "run records": "\n".join(run_configs),
        "stdout": captured.out,
        "stderr": captured.err,
        "discord messages": "\n".join(fake_discord.contents),
        "e-mails": "\n".join(m.as_string() for m in fake_smtp.messages),
        "apprise notifications": "\n".join(str(n) for n in fake_push.notifications),
    }
    secrets = (PG_PASSWORD, AWS_SECRET, AWS_KEY_ID, fake_discord.url, token, AI_KEY)
    for secret in (*secrets, fake_smtp.password, fake_push.url, fake_push.token):
        for where, text in haystacks.items():
            assert secret not in text, f"{secret!r} leaked into {where}"
        for key, body in artifacts.items():
            assert secret.encode() not in body, f"{secret!r} leaked into s3://{s3_server.bucket}/{key}"
    personal = personal_strings("alex")
    assert any(k.startswith("data/applications/dana/drafts/") for k in keys)
    for line in personal:
        for where, text in haystacks.items():
            assert line not in text, f"résumé text {line!r} leaked into {where}"
        for key, body in artifacts.items():
            if not key.startswith("data/applications/dana/"):
                assert line.encode() not in body, f"résumé text {line!r} leaked into {key}"
    for where, text in haystacks.items():
        assert RATING_COMMENT not in text, f"a rating's comment leaked into {where}"
    for key, body in artifacts.items():
        if key != "data/user_state/dana/ratings.jsonl":
            assert RATING_COMMENT.encode() not in body, f"a rating's comment leaked into {key}"
