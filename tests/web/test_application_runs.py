"""With a Dagster instance, "Prepare application" in the web app is a materialization of the job's
``application_drafts`` and ``application_briefs`` partition (``jobintel_dagster.web.drafts``, what
``jobintel web`` passes in): the run is on the instance, its metadata has the input hashes the
stored records have, the page links the run, and no résumé text is in any event."""

from __future__ import annotations

from dagster import AssetKey, DagsterInstance, serialize_value
from fastapi.testclient import TestClient

from jobintel_core.applications.drafts import KINDS
from jobintel_core.applications.library import load_draft_record, save_resume
from jobintel_core.config.settings import Settings
from jobintel_core.web.app import create_app
from jobintel_dagster.applications.assets import application_key
from jobintel_dagster.web.drafts import InstanceDrafts
from tests.core.applications.drafting import fixture_resume, personal_strings
from tests.web.conftest import make_site
from tests.web.test_application_api import top_job


def test_preparing_in_the_app_materializes_the_partition_with_its_input_hashes(web_day, tmp_path):
    instance = DagsterInstance.ephemeral()
    site = make_site(web_day, tmp_path)
    settings = Settings.model_validate(
        {
            "providers_file": web_day / "providers.yaml",
            "snapshot_dir": web_day / "snapshots",
            "storage_url": str(site.root / "storage"),
            "warehouse_url": str(tmp_path / "warehouse.duckdb"),
            "profiles_dir": site.root / "profiles",
        }
    )
    config = site.config.__class__(**{**site.config.__dict__, "drafts": InstanceDrafts(instance, settings)})
    save_resume(site.store, "alex", fixture_resume("alex"))
    with TestClient(create_app(config)) as client:
        token = client.get("/api/session").json()["csrf"]
        job_id = top_job(site)
        answer = client.post(
            f"/p/alex/jobs/{job_id}/application", data={"csrf": token}, follow_redirects=False
        )
        assert answer.status_code == 303, answer.text
        run_id = answer.headers["location"].rsplit("&run=", 1)[1]
        page = client.get(answer.headers["location"])
        assert "Materialized in Dagster run" in page.text and run_id[:8] in page.text
        via_api = client.post(
            f"/api/profiles/alex/jobs/{job_id}/application", headers={"X-CSRF-Token": token}
        )
        assert via_api.json()["run_id"] not in (None, run_id)

    run = instance.get_run_by_id(run_id)
    assert run is not None and run.tags["dagster/partition"] == application_key("alex", "main", job_id)
    assert run.tags["jobintel/trigger"] == "web"
    records = {k: load_draft_record(site.store, "alex", "main", job_id, k) for k in KINDS}
    for asset, kinds in (("application_drafts", ("cv", "letter")), ("application_briefs", ("brief",))):
        events = instance.fetch_materializations(AssetKey(asset), limit=100).records
        mine = [e for e in events if e.run_id == run_id]
        assert len(mine) == 1, asset
        materialization = mine[0].asset_materialization
        assert materialization.partition == application_key("alex", "main", job_id)
        hashes = materialization.metadata["input_hashes"].value
        assert all(hashes == records[k].inputs for k in kinds)
    logged = serialize_value(instance.all_logs(run_id))
    assert [s for s in personal_strings("alex") if s in logged] == []
