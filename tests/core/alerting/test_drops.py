"""Suspicious drops are announced once per drop, remembered in storage, forgotten when they end."""

from datetime import date

import pandas as pd
import pytest

from jobintel_core.alerting.discord import AlertError
from jobintel_core.alerting.drops import DropAlerts, suspect_providers
from jobintel_core.storage.objects import LocalObjectStore


class Recorder:
    """Stands in for Discord (an external system); ``fail`` makes the next post fail."""

    def __init__(self) -> None:
        self.posts: list[str] = []
        self.fail = False

    def post(self, content: str) -> None:
        if self.fail:
            raise AlertError("HTTP 503")
        self.posts.append(content)


def history(**streaks: int) -> pd.DataFrame:
    rows = [
        {"provider": p, "status": "open", "suspect_drops": s} for p, s in streaks.items() for _ in range(3)
    ]
    rows.append({"provider": "steady", "status": "open", "suspect_drops": 0})
    return pd.DataFrame(rows)


def test_suspects_are_read_from_the_history_table():
    assert suspect_providers(history(acme=2)) == {"acme": (2, 3)}
    assert suspect_providers(pd.DataFrame()) == {}


def test_one_alert_per_drop_and_again_only_after_it_ended(tmp_path):
    alerts, webhook = DropAlerts(LocalObjectStore(tmp_path)), Recorder()
    assert alerts.send(history(acme=1), date(2026, 1, 1), webhook, 3) == ["acme"]
    assert alerts.send(history(acme=2), date(2026, 1, 2), webhook, 3) == []  # the same drop
    assert alerts.send(history(acme=1), date(2026, 1, 1), webhook, 3) == []  # a rerun of day 1
    assert "`acme` · 2026-01-01" in webhook.posts[0] and "3 open jobs not listed" in webhook.posts[0]
    assert alerts.send(history(), date(2026, 1, 3), webhook, 3) == [] and alerts.announced() == {}
    assert alerts.send(history(acme=1), date(2026, 1, 9), webhook, 3) == ["acme"]  # a new drop
    assert len(webhook.posts) == 2


def test_an_undelivered_alert_is_tried_again_next_time(tmp_path):
    alerts, webhook = DropAlerts(LocalObjectStore(tmp_path)), Recorder()
    webhook.fail = True
    with pytest.raises(AlertError):
        alerts.send(history(acme=1), date(2026, 1, 1), webhook, 3)
    assert alerts.announced() == {}
    webhook.fail = False
    assert alerts.send(history(acme=2), date(2026, 1, 2), webhook, 3) == ["acme"]
