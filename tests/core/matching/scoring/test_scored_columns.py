"""The daily step reads only ``SCORED_COLUMNS`` of the day's history (issue 33): scoring those
columns must give the very table scoring every column gives, and the history must have them."""

import numpy as np
import pandas as pd
import pyarrow as pa

from jobintel_core.history.tracking import HISTORY_SCHEMA
from jobintel_core.matching.scoring.job_features import SCORED_COLUMNS
from jobintel_core.matching.scoring.scorer import score_jobs, score_table
from jobintel_core.storage.tables import frame_hash, table_hash
from tests.core.matching.scoring.test_scoring_reference import DAY, PROFILES, sample_jobs


def test_scoring_only_the_scored_columns_gives_the_same_table():
    jobs = sample_jobs(120, seed=5)
    jobs["status"], jobs["board"] = "open", "elsewhere"  # columns scoring never reads
    rng = np.random.default_rng(1)
    cosines = {p.name: pd.Series(rng.uniform(0, 0.9, len(jobs)), index=jobs["job_id"]) for p in PROFILES}
    whole = score_jobs(PROFILES, jobs, cosines, DAY)
    narrow = score_table(PROFILES, jobs[list(SCORED_COLUMNS)], cosines, DAY)
    assert isinstance(narrow, pa.Table) and len(whole) == narrow.num_rows == len(jobs) * len(PROFILES)
    assert table_hash(narrow) == frame_hash(whole)
    # a column of the readings left out of SCORED_COLUMNS changes the scores: the list is what counts
    unread = score_table(PROFILES, jobs[[c for c in SCORED_COLUMNS if c != "seniority"]], cosines, DAY)
    assert table_hash(unread) != frame_hash(whole)


def test_the_history_holds_every_scored_column():
    assert set(SCORED_COLUMNS) <= set(HISTORY_SCHEMA.names)
