"""Drafts on the bundled pipeline: every bundled profile × its top 3 jobs gets a tailored CV, cover
letter and brief as Markdown and PDF (A4 and Letter, fonts embedded); Dagster sees hashes and
counts only; deleting the résumé deletes every draft and leaves the profile working."""

from __future__ import annotations

import io
import shutil

import pypdf
import pytest
from dagster import DagsterInstance, serialize_value

from jobintel_core.applications.drafts import KINDS
from jobintel_core.applications.grounding import check_grounding
from jobintel_core.applications.job import load_job_facts
from jobintel_core.applications.library import load_draft_record, save_resume
from jobintel_core.applications.templates import template_draft
from jobintel_core.matching.profiles.profile import load_profiles
from jobintel_core.storage.keys import draft_key
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.storage.tables import latest_daily_table
from jobintel_dagster.applications.assets import APPLICATIONS_PARTITIONS, application_key
from jobintel_dagster.applications.automation import PREPARE_APPLICATION_JOB
from jobintel_dagster.cli import main
from jobintel_dagster.code_location import build_definitions
from jobintel_dagster.runs.execute import execute_job, materialized_metadata
from tests.conftest import Workspace
from tests.core.applications.drafting import fixture_resume, personal_strings
from tests.support.fake_llm import Reply

PAGE_POINTS = {"a4": (595.3, 841.9), "letter": (612.0, 792.0)}
API_KEY = "sk-drafts-do-not-leak-0000"


@pytest.fixture
def drafting(bundled_days, tmp_path):
    """The bundled days' store copied (drafts write into it), each bundled profile's fixture résumé."""
    ws, _, _ = bundled_days
    shutil.copytree(ws.settings.storage_url, tmp_path / "storage")
    settings = ws.settings.model_copy(update={"storage_url": str(tmp_path / "storage")})
    store = LocalObjectStore(tmp_path / "storage")
    profiles = [p.name for p in load_profiles(settings.profiles_dir)]
    for name in profiles:
        save_resume(store, name, fixture_resume(name))
    return Workspace(tmp_path, settings, ws.registry_path), store, profiles


def top_jobs(store, profile: str, n: int = 3) -> list[str]:
    _, shortlist = latest_daily_table(store, "shortlist")
    return list(shortlist[shortlist["profile"] == profile].sort_values("rank")["job_id"][:n])


def prepare(defs, instance, profile: str, job_id: str, assets: list[str] | None = None):
    key = application_key(profile, "main", job_id)
    instance.add_dynamic_partitions(APPLICATIONS_PARTITIONS, [key])
    result = execute_job(
        defs, PREPARE_APPLICATION_JOB, key, instance, trigger="test", log_level="DEBUG", assets=assets
    )
    assert result.success
    return result


def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages).split())


def embedded(data: bytes) -> bool:
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = (
                font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            if not {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor.get_object()):
                return False
    return True


def test_every_profile_top_three_jobs_get_grounded_drafts(drafting, capfd):
    ws, store, profiles = drafting
    defs, instance = build_definitions(ws.settings, ws.registry()), DagsterInstance.ephemeral()
    done = 0
    for profile in profiles:
        resume = fixture_resume(profile)
        jobs = top_jobs(store, profile)
        assert len(jobs) == 3
        for job_id in jobs:
            result = prepare(defs, instance, profile, job_id)
            job = load_job_facts(store, profile, job_id)
            for kind in KINDS:
                record = load_draft_record(store, profile, "main", job_id, kind)
                assert (record.source, record.status) == ("template", "off")
                assert check_grounding(template_draft(kind, resume, job), resume, job).ok
                markdown = store.get(draft_key(profile, "main", job_id, f"{kind}.md")).decode()
                assert job.title in markdown and job.company in markdown
                for size, (width, height) in PAGE_POINTS.items():
                    pdf = store.get(draft_key(profile, "main", job_id, f"{kind}-{size}.pdf"))
                    text = pdf_text(pdf)
                    assert resume.basics.name in text and job.title in text and job.company in text, (
                        kind,
                        size,
                    )
                    assert embedded(pdf)
                    box = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].mediabox
                    assert (round(float(box.width), 1), round(float(box.height), 1)) == (width, height)
            metadata = materialized_metadata(result)
            assert set(metadata) == {"application_drafts", "application_briefs"}
            assert metadata["application_drafts"]["input_hashes"]["resume"] == record.inputs["resume"]
            events = serialize_value(instance.all_logs(result.run_id))
            leaked = [s for s in personal_strings(profile) if s in events]
            assert leaked == [], leaked
            done += 1
    assert done == 2 * 3
    output = "".join(capfd.readouterr())
    assert not [s for p in profiles for s in personal_strings(p) if s in output]


def test_an_inventing_model_is_rejected_and_nothing_personal_or_secret_leaks(
    drafting, fake_llm, monkeypatch, capfd
):
    ws, store, _ = drafting
    monkeypatch.setenv("JOBINTEL_AI_API_KEY", API_KEY)
    settings = ws.settings.model_copy(
        update={"ai_url": fake_llm.base_url, "ai_model": "tiny", "ai_token_budget": 100_000}
    )
    defs, instance = build_definitions(settings, ws.registry()), DagsterInstance.ephemeral()
    [job_id] = top_jobs(store, "alex", 1)
    resume, job = fixture_resume("alex"), load_job_facts(store, "alex", job_id)
    for kind in ("cv", "letter"):  # application_drafts asks for the CV, then the letter
        draft = template_draft(kind, resume, job)
        draft.blocks[-1].items[-1].lines.append("I grew revenue by 250% at Initech with Snowflake.")
        fake_llm.answer(Reply(draft.model_dump_json()))
    drafts = prepare(defs, instance, "alex", job_id, ["application_drafts"])
    metadata = materialized_metadata(drafts)["application_drafts"]
    assert metadata["cv_source"] == "template" and metadata["cv_ai"].startswith(
        "rejected: the model's draft failed"
    )
    assert set(metadata["cv_grounding_problems"]) == {"number", "name", "skill"}
    assert "Initech" in load_draft_record(store, "alex", "main", job_id, "cv").reason  # the user's own record
    fake_llm.answer(Reply(status=500))
    briefs = prepare(defs, instance, "alex", job_id, ["application_briefs"])
    assert (
        materialized_metadata(briefs)["application_briefs"]["brief_ai"]
        == "fallback: HTTP 500 from the endpoint"
    )
    events = serialize_value([*instance.all_logs(drafts.run_id), *instance.all_logs(briefs.run_id)])
    output = "".join(capfd.readouterr())
    for text in (events, output):
        assert API_KEY not in text and "Initech" not in text
        assert [s for s in personal_strings("alex") if s in text] == []
    assert all(API_KEY not in str(r["json"]) for r in fake_llm.requests)


def test_delete_removes_the_resume_and_every_draft_and_the_profile_still_works(
    drafting, fake_llm, monkeypatch, tmp_path, capsys
):
    ws, store, _ = drafting
    settings = ws.settings.model_copy(
        update={"ai_url": fake_llm.base_url, "ai_model": "tiny", "ai_token_budget": 100_000}
    )
    defs, instance = build_definitions(settings, ws.registry()), DagsterInstance.ephemeral()
    jobs = top_jobs(store, "alex", 2)
    for job_id in jobs:
        prepare(defs, instance, "alex", job_id)  # the fake model's default answer is not a draft: fallback
    # the command a user types: the same job on the instance under DAGSTER_HOME (AI off there)
    for name, value in {
        "DAGSTER_HOME": str(tmp_path / "home"),
        "JOBINTEL_PROVIDERS": str(ws.registry_path),
        "JOBINTEL_SNAPSHOT_DIR": str(ws.settings.snapshot_dir),
        "JOBINTEL_STORAGE_URL": ws.settings.storage_url,
    }.items():
        monkeypatch.setenv(name, value)
    (tmp_path / "home").mkdir()
    assert main(["draft", jobs[1], "--profile", "alex"]) == 0
    printed = capsys.readouterr().out
    assert printed.count("template") == 3 and printed.count(".pdf") == 6
    # a grounded answer is cached in the store: it holds résumé text, so it goes with the résumé too
    brief = template_draft("brief", fixture_resume("alex"), load_job_facts(store, "alex", jobs[0]))
    fake_llm.answer(Reply(brief.model_dump_json()))
    prepare(defs, instance, "alex", jobs[0], ["application_briefs"])
    before = set(store.list(""))
    cached = {k for k in before if k.startswith("ai_cache/application-draft/")}
    assert cached == {load_draft_record(store, "alex", "main", jobs[0], "brief").ai_cache_key}
    mine = {k for k in before if k.startswith("applications/alex/")}
    assert len(mine) == 1 + 2 * 3 * 4  # the résumé; per job and kind: .md, two PDFs, the record
    assert main(["resume", "delete", "--profile", "alex"]) == 0
    after = set(store.list(""))
    assert before - after == mine | cached
    assert not any(k.startswith("applications/alex/") for k in after)
    assert {k for k in after if k.startswith("applications/sam/")}  # another profile's résumé is kept
    # the profile still works: it loads, its shortlist and state are there, drafting asks for a résumé
    assert "alex" in [p.name for p in load_profiles(ws.settings.profiles_dir)]
    assert main(["state", "--profile", "alex"]) == 0
    assert main(["draft", jobs[0], "--profile", "alex"]) == 2  # no scoring résumé left to default to
    assert "profile 'alex' has no résumé: import one" in capsys.readouterr().err
    assert main(["draft", jobs[0], "--profile", "alex", "--resume", "main"]) == 2
    assert "has no résumé 'main'" in capsys.readouterr().err
    assert main(["resume", "delete", "--profile", "alex"]) == 2  # nothing left to delete
