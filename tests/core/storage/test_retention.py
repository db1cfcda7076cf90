from datetime import date

import pytest

from jobintel_core.storage.retention import RetentionPolicy, prunable_keys


def test_retention_prunes_by_age_and_never_history_or_state():
    # stored search indexes go with the raw payloads; the job_index table they are rebuilt from stays
    keys = [
        "raw_postings/2026-09-01/a.tar.gz",
        "raw_postings/2026-09-01/a.tar.gz.fetch.json",
        "raw_postings/2026-11-01/a.tar.gz",
        "jobs/2026-09-01/a.parquet",
        "jobs/2026-01-01/a.parquet",
        "job_changes/2026-01-01.parquet",
        "job_history/2020-01-01.parquet",
        "job_index/2026-09-01.parquet",
        "job_index/2026-09-01.faiss",
        "job_index/2026-09-01.faiss.json",
        "job_index/2026-11-01.faiss",
        "user_state/alex.json",
    ]
    policy = RetentionPolicy(raw_days=30, partition_days=180)
    assert prunable_keys(keys, date(2026, 11, 21), policy) == [
        "job_changes/2026-01-01.parquet",
        "job_index/2026-09-01.faiss",
        "job_index/2026-09-01.faiss.json",
        "jobs/2026-01-01/a.parquet",
        "raw_postings/2026-09-01/a.tar.gz",
        "raw_postings/2026-09-01/a.tar.gz.fetch.json",
    ]
    with pytest.raises(ValueError):
        RetentionPolicy(raw_days=0)
