from datetime import date

import pandas as pd
import pytest

from jobintel_core.matching.profiles.user_state import UnknownJob, load_user_state, mark_job, resolve_job_id
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
    with pytest.raises(ValueError, match="sam.json: invalid user state"):
        load_user_state(store, "sam")


def test_aliases_resolve_to_the_canonical_job():
    assert resolve_job_id(HISTORY, "zzzz") == "aaaa"
    assert resolve_job_id(HISTORY, "bbbb") == "bbbb"
    with pytest.raises(UnknownJob, match="'nope' is not in the job history"):
        resolve_job_id(HISTORY, "nope")
