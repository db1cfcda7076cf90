from datetime import date

import pandas as pd
import pytest

from jobintel_core.matching.profiles.user_state import (
    UnknownJob,
    load_user_state,
    mark_job,
    resolve_job_id,
    set_company_hidden,
)
from jobintel_core.storage.objects import LocalObjectStore

HISTORY = pd.DataFrame({"job_id": ["aaaa", "bbbb"], "absorbed_ids": [["zzzz"], []]})


def test_mark_saves_validated_state_atomically(tmp_path):
    store = LocalObjectStore(tmp_path)
    mark_job(store, "alex", "aaaa", "applied", date(2026, 11, 21), "referral")
    mark_job(store, "alex", "bbbb", "ignored", date(2026, 11, 21))
    state = load_user_state(store, "alex")
    assert state.jobs["aaaa"].status == "applied" and state.jobs["aaaa"].notes == "referral"
    assert list(state.jobs) == ["aaaa", "bbbb"]
    assert (tmp_path / "user_state" / "alex.json").exists()
    with pytest.raises(ValueError, match="saved"):
        mark_job(store, "alex", "aaaa", "maybe", date(2026, 11, 21))
    with pytest.raises(ValueError, match="lowercase slug"):
        load_user_state(store, "Alex Smith")


def test_invalid_state_file_fails_naming_the_file(tmp_path):
    store = LocalObjectStore(tmp_path)
    store.put("user_state/sam.json", b'{"profile": "sam", "jobs": {"a": {"status": "hired"}}}')
    with pytest.raises(ValueError, match=r"sam\.json: invalid user state"):
        load_user_state(store, "sam")


def test_aliases_resolve_to_the_canonical_job():
    assert resolve_job_id(HISTORY, "zzzz") == "aaaa"
    assert resolve_job_id(HISTORY, "bbbb") == "bbbb"
    with pytest.raises(UnknownJob, match="'nope' is not in the job history"):
        resolve_job_id(HISTORY, "nope")


def test_stage_changes_are_kept_with_note_and_follow_up(tmp_path):
    store = LocalObjectStore(tmp_path)
    mark_job(store, "alex", "aaaa", "saved", date(2026, 11, 19))
    mark_job(store, "alex", "aaaa", "applied", date(2026, 11, 21), "sent CV", date(2026, 11, 28))
    mark_job(store, "alex", "aaaa", "applied", date(2026, 11, 22), "sent CV, asked Ana")
    entry = mark_job(
        store, "alex", "aaaa", "screen", date(2026, 11, 25), "call booked", date(2026, 12, 1)
    ).jobs["aaaa"]
    assert [(c.status.value, c.date.isoformat()) for c in entry.history] == [
        ("saved", "2026-11-19"),
        ("applied", "2026-11-21"),
        ("screen", "2026-11-25"),
    ]
    assert entry.notes == "call booked" and entry.follow_up == date(2026, 12, 1)


def test_hidden_companies_are_kept_once_and_can_be_shown_again(tmp_path):
    store = LocalObjectStore(tmp_path)
    set_company_hidden(store, "alex", "Helio Labs")
    set_company_hidden(store, "alex", " helio  labs ")
    assert load_user_state(store, "alex").hidden_companies == ["helio labs"]
    set_company_hidden(store, "alex", "Helio Labs", hidden=False)
    assert load_user_state(store, "alex").hidden_companies == []
    with pytest.raises(ValueError, match="company"):
        set_company_hidden(store, "alex", "  ")
