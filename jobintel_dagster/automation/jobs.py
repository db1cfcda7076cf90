"""The two daily jobs: what the schedule, ``jobintel run`` and UI backfills launch.

``daily_ingest`` covers every date × provider asset (one run per board per day, so one board's
failure is its own); ``daily_rollup`` covers every per-date asset, from history to shortlist, and
the warehouse loaders. (``warehouse_build``, dbt, is the warehouse location's: ``warehouse.automation``.)

Rollup runs carry ``jobintel/rollup``, which both instance configs limit to one run at a time: a
day's history starts from the previous day's, so two dates must never fold at once. The queue
starts runs in the order they were submitted, and a backfill of this job (from the Jobs page), the
rollup sensor and ``jobintel run --from`` all submit dates in ascending order, so dates run in order.
(An asset backfill from the catalog orders dates by itself: ``job_history`` depends on its previous day.)
"""

from dagster import AssetSelection, define_asset_job

from jobintel_dagster.warehouse.keys import LOADER_KEYS

DAILY_INGEST_JOB = "daily_ingest"
DAILY_ROLLUP_JOB = "daily_rollup"
ROLLUP_TAG = "jobintel/rollup"
INGEST_ASSETS = ("raw_postings", "jobs", "job_embeddings")
ROLLUP_ASSETS = ("job_history", "job_changes", "job_index", "job_scores", "shortlist")

daily_ingest = define_asset_job(
    DAILY_INGEST_JOB,
    selection=AssetSelection.assets(*INGEST_ASSETS),
    description="Collect, normalize and embed one board for one day (one run per date × provider).",
)
daily_rollup = define_asset_job(
    DAILY_ROLLUP_JOB,
    selection=AssetSelection.assets(*ROLLUP_ASSETS) | AssetSelection.assets(*LOADER_KEYS),
    description="Fold a day of every board into history, changes, the index, scores and shortlists, and "
    "load the day into the warehouse.",
    tags={ROLLUP_TAG: "serial"},
)
