"""The two daily jobs: what the schedule, ``jobintel run`` and UI backfills launch.

``daily_ingest`` covers every date × provider asset (one run per board per day, so one board's
failure is its own); ``daily_rollup`` covers every per-date asset, from history to shortlist.
"""

from dagster import AssetSelection, define_asset_job

DAILY_INGEST_JOB = "daily_ingest"
DAILY_ROLLUP_JOB = "daily_rollup"
INGEST_ASSETS = ("raw_postings", "jobs", "job_embeddings")
ROLLUP_ASSETS = ("job_history", "job_changes", "job_index", "job_scores", "shortlist")

daily_ingest = define_asset_job(
    DAILY_INGEST_JOB,
    selection=AssetSelection.assets(*INGEST_ASSETS),
    description="Collect, normalize and embed one board for one day (one run per date × provider).",
)
daily_rollup = define_asset_job(
    DAILY_ROLLUP_JOB,
    selection=AssetSelection.assets(*ROLLUP_ASSETS),
    description="Fold a day of every board into history, changes, the index, scores and shortlists.",
)
