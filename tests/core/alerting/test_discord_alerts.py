"""Discord delivery against a loopback HTTP server standing in for Discord."""

from datetime import date

import httpx
import pandas as pd
import pytest

from jobintel_core.alerting.discord import (
    MAX_CONTENT,
    AlertError,
    DiscordChannel,
    DiscordWebhook,
    escape_discord,
)
from jobintel_core.alerting.ledger import AlertLedger
from jobintel_core.alerting.messages import failure_message, send_new_matches
from jobintel_core.storage.objects import LocalObjectStore

DAY = date(2026, 11, 21)


def shortlist(rows):
    base = {
        "profile": "alex",
        "company": "Acme",
        "provider": "acme",
        "reasons": "title vs 'x': similarity 100",
        "first_seen": DAY,
        "user_status": None,
    }
    return pd.DataFrame([{**base, "rank": i + 1, **row} for i, row in enumerate(rows)])


def job(job_id, score=80.0, is_new=True, title=None):
    return {
        "job_id": job_id,
        "score": score,
        "is_new": is_new,
        "title": title or f"Job {job_id}",
        "url": f"https://acme.example/{job_id}",
    }


@pytest.fixture
def deliver(fake_discord, tmp_path):
    sleeps = []
    ledger = AlertLedger(LocalObjectStore(tmp_path))

    def run(rows, **kw):
        with httpx.Client() as client:
            hook = DiscordChannel(DiscordWebhook(fake_discord.url, client, sleep=sleeps.append))
            return send_new_matches(shortlist(rows), DAY, {"alex": [hook]}, ledger, min_score=70, **kw)

    run.sleeps = sleeps
    return run


def test_posts_exactly_the_new_jobs_above_the_threshold(deliver, fake_discord):
    [summary] = deliver([job("a"), job("b", is_new=False), job("c", score=65), job("d", score=91)])
    assert (summary.new_jobs, summary.messages) == (2, 1)
    [content] = fake_discord.contents
    assert "Job a" in content and "Job d" in content and "Job b" not in content and "Job c" not in content
    assert "2 new matches ≥ 70" in content and "<https://acme.example/a>" in content


def test_mentions_and_markdown_are_neutralised(deliver, fake_discord):
    deliver([job("a", title="@everyone Senior *Data* Engineer <@123> `rm -rf`")])
    request = fake_discord.requests[0]["json"]
    assert request["allowed_mentions"] == {"parse": []}
    assert "@everyone" not in request["content"] and "@\u200beveryone" in request["content"]
    assert "\\*Data\\*" in request["content"] and "\\`rm -rf\\`" in request["content"]
    assert escape_discord("a\n\n@here") == "a @\u200bhere"


def test_long_alerts_are_split_within_discords_limit(deliver, fake_discord):
    rows = [job(f"{i:03d}", title="Principal Platform Engineer " + "x" * 150) for i in range(40)]
    [summary] = deliver(rows)
    assert summary.messages == len(fake_discord.contents) > 1
    assert all(len(c) <= MAX_CONTENT for c in fake_discord.contents)
    joined = "\n".join(fake_discord.contents)
    assert all(f"acme.example/{i:03d}>" in joined for i in range(40))


def test_rate_limit_is_retried_after_the_servers_delay(deliver, fake_discord):
    fake_discord.rate_limit(1.5)
    fake_discord.rate_limit(120)  # clamped to max_wait (30 s)
    deliver([job("a")])
    assert len(fake_discord.requests) == 3 and deliver.sleeps == [1.5, 30.0]


def test_nothing_new_sends_nothing_unless_summaries_are_wanted(deliver, fake_discord):
    assert deliver([job("a", is_new=False)])[0].messages == 0
    assert fake_discord.requests == []
    deliver([job("a", is_new=False)], always_summary=True)
    assert len(fake_discord.requests) == 1 and "0 new matches" in fake_discord.contents[0]


def test_a_job_is_never_alerted_twice(deliver, fake_discord):
    deliver([job("a"), job("b")])
    deliver([job("a"), job("b"), job("c")])  # a rerun, plus one genuinely new job
    assert len(fake_discord.requests) == 2
    assert "Job a" not in fake_discord.contents[1] and "Job c" in fake_discord.contents[1]


def test_errors_name_the_status_but_never_the_url(fake_discord):
    fake_discord.replies.append((403, {}, b'{"message": "Invalid Webhook Token"}'))
    with httpx.Client() as client, pytest.raises(AlertError) as err:
        DiscordWebhook(fake_discord.url, client).post("hi")
    assert "HTTP 403" in str(err.value) and "s3cr3t-token" not in str(err.value)
    with httpx.Client() as client, pytest.raises(AlertError) as err:
        DiscordWebhook("http://127.0.0.1:9/api/webhooks/1/s3cr3t-token", client).post("hi")
    assert "unreachable" in str(err.value) and "s3cr3t" not in str(err.value)


def test_failure_message_names_asset_partition_error_and_run():
    text = failure_message(
        "jobs",
        "2026-11-21|acme",
        "provider 'acme' (lever): payload is not valid JSON",
        "http://dagster.example/runs/abc",
    )
    assert "`jobs`" in text and "2026-11-21\\|acme" in text and "not valid JSON" in text
    assert text.endswith("<http://dagster.example/runs/abc>")
