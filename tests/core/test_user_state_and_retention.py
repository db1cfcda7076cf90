from datetime import date

import pandas as pd
import pytest

from jobintel_core.storage.retention import RetentionPolicy, prunable_keys
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.matching.user_state import UnknownJob, load_user_state, mark_job, resolve_job_id

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


def test_retention_prunes_by_age_and_never_history_or_state():
    keys = [
        "raw_postings/2026-09-01/a.tar.gz", "raw_postings/2026-09-01/a.tar.gz.fetch.json",
        "raw_postings/2026-11-01/a.tar.gz", "jobs/2026-09-01/a.parquet", "jobs/2026-01-01/a.parquet",
        "job_changes/2026-01-01.parquet", "job_history/2020-01-01.parquet", "user_state/alex.json",
    ]
    policy = RetentionPolicy(raw_days=30, partition_days=180)
    assert prunable_keys(keys, date(2026, 11, 21), policy) == [
        "job_changes/2026-01-01.parquet", "jobs/2026-01-01/a.parquet",
        "raw_postings/2026-09-01/a.tar.gz", "raw_postings/2026-09-01/a.tar.gz.fetch.json",
    ]
    with pytest.raises(ValueError):
        RetentionPolicy(raw_days=0)
