"""The daily digest by e-mail (a loopback aiosmtpd relay) and by Apprise (its ``json://`` service to a
loopback endpoint): once per new match and channel, never twice on a rerun, no secret in errors or logs."""

import logging
from datetime import date

import pandas as pd
import pytest

from jobintel_core.alerting.apprise_channel import AppriseChannel
from jobintel_core.alerting.ledger import AlertLedger
from jobintel_core.alerting.messages import send_new_matches
from jobintel_core.alerting.smtp import EmailChannel, SmtpServer
from jobintel_core.storage.objects import LocalObjectStore

DAY = date(2026, 11, 21)


def shortlist(*jobs: tuple[str, float, bool]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "profile": "alex",
                "job_id": job_id,
                "score": score,
                "is_new": is_new,
                "title": f"Job {job_id} <script>alert(1)</script>",
                "company": "Acme",
                "reasons": "title vs 'x': similarity 100",
                "url": f"https://acme.example/{job_id}",
            }
            for job_id, score, is_new in jobs
        ]
    )


def smtp_server(fake_smtp, password: str | None = None) -> SmtpServer:
    return SmtpServer(
        "127.0.0.1",
        fake_smtp.port,
        "none",
        "jobintel@example.org",
        fake_smtp.user,
        password or fake_smtp.password,
    )


@pytest.fixture
def channels(fake_smtp, fake_push):
    return {
        "alex": [EmailChannel(smtp_server(fake_smtp), "alex@example.org"), AppriseChannel([fake_push.url])]
    }


def test_each_new_match_arrives_once_per_channel(tmp_path, channels, fake_smtp, fake_push):
    ledger = AlertLedger(LocalObjectStore(tmp_path))
    day_one = shortlist(("a", 80, True), ("b", 90, False), ("c", 60, True), ("d", 91, True))
    first = send_new_matches(day_one, DAY, channels, ledger, min_score=70)
    assert [(s.channel, s.new_jobs, s.error) for s in first] == [("email", 2, None), ("apprise", 2, None)]
    send_new_matches(day_one, DAY, channels, ledger, min_score=70)  # a rerun: nothing again
    send_new_matches(shortlist(("a", 80, True), ("e", 75, True)), DAY, channels, ledger, min_score=70)

    assert len(fake_smtp.messages) == 2 and len(fake_push.notifications) == 2
    mail = fake_smtp.messages[0]
    assert mail["To"] == "alex@example.org" and mail["From"] == "jobintel@example.org"
    assert mail["Subject"] == "JobIntel · alex · 2026-11-21 — 2 new matches ≥ 70 (4 on the shortlist)"
    body = mail.get_content()
    assert mail.get_content_type() == "text/plain" and "https://acme.example/a" in body
    assert "Job d <script>" in body and "Job b" not in body and "Job c" not in body
    push = fake_push.notifications[0]
    assert push["title"] == mail["Subject"] and push["user"] == "digest"
    assert "https://acme.example/d" in push["message"] and "Job b" not in push["message"]
    later = fake_smtp.messages[1].get_content() + fake_push.notifications[1]["message"]
    assert "Job e" in later and "Job a" not in later
    assert set(ledger.sent("alex", "email")) == set(ledger.sent("alex", "apprise")) == {"a", "d", "e"}
    assert ledger.sent("alex", "discord") == {}  # each channel keeps its own entries


def test_a_failing_channel_is_retried_alone_and_names_no_secret(
    tmp_path, fake_smtp, fake_push, caplog, capfd
):
    caplog.set_level(logging.DEBUG)
    ledger = AlertLedger(LocalObjectStore(tmp_path))
    rows = shortlist(("a", 80, True))
    wrong = {"alex": [EmailChannel(smtp_server(fake_smtp, "wrong-Pa55-do-not-leak"), "alex@example.org")]}
    fake_push.statuses.append(500)
    push = {"alex": [AppriseChannel([fake_push.url])]}

    [mail_failed] = send_new_matches(rows, DAY, wrong, ledger, min_score=70)
    [push_failed] = send_new_matches(rows, DAY, push, ledger, min_score=70)
    assert "SMTPAuthenticationError" in (mail_failed.error or "") and fake_smtp.failed_logins > 0
    assert "could not deliver" in (push_failed.error or "")
    assert ledger.sent("alex", "email") == {} and ledger.sent("alex", "apprise") == {}

    [pushed] = send_new_matches(rows, DAY, push, ledger, min_score=70)  # the next run: delivered
    assert pushed.error is None and len(fake_push.notifications) == 1

    captured = capfd.readouterr()
    seen = "\n".join(
        [mail_failed.error or "", push_failed.error or "", caplog.text, captured.out, captured.err]
    )
    for secret in ("wrong-Pa55-do-not-leak", fake_smtp.password, fake_push.token, fake_push.url):
        assert secret not in seen
