"""The applications domain's job: ``prepare_application``, run on demand for one partition (no
schedule: drafts are written when a person asks for them)."""

from dagster import AssetSelection, define_asset_job

from jobintel_dagster.applications.assets import GROUP

PREPARE_APPLICATION_JOB = "prepare_application"

prepare_application = define_asset_job(
    PREPARE_APPLICATION_JOB,
    selection=AssetSelection.groups(GROUP),
    description="A job's tailored CV, cover letter and brief for one profile's résumé.",
)
