"""Weekly insights over the bundled days: a report per profile as Markdown, JSON and PNGs, the
same bytes when rematerialized, and the AI narrative used when valid and recorded when not."""

from pathlib import Path

from dagster import AssetKey

from jobintel_core.insights.report import InsightsReport
from jobintel_dagster.code_location import build_warehouse_definitions
from jobintel_dagster.insights.automation import WEEKLY_INSIGHTS_JOB
from jobintel_dagster.runs.execute import execute_job, materialized_metadata
from tests.support.fake_llm import Reply

WEEK = "2026-11-16"
PNG = b"\x89PNG\r\n\x1a\n"


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_reports_exist_and_rematerialize_to_identical_bytes(bundled_days, built_warehouse):
    ws, _, instance = bundled_days
    defs = ws.warehouse_definitions()
    folder = Path(ws.settings.storage_url) / "insights" / WEEK
    first = execute_job(defs, WEEKLY_INSIGHTS_JOB, WEEK, instance, trigger="test")
    assert first.success
    written = files(folder)
    for profile in ("alex", "sam"):
        for name in ("report.md", "report.json", "matches.png", "skill_gaps.png"):
            assert f"{profile}/{name}" in written, (profile, name)
        assert written[f"{profile}/matches.png"].startswith(PNG)
    assert written["velocity.png"].startswith(PNG) and written["skills.png"].startswith(PNG)
    again = execute_job(defs, WEEKLY_INSIGHTS_JOB, WEEK, instance, trigger="test")
    assert again.success and files(folder) == written
    report = InsightsReport.model_validate_json(written["alex/report.json"])
    assert report.narrative is None and "AI is off" in report.narrative_note
    assert report.market.listed_jobs > 150 and report.profile.matches > 0
    gaps = report.profile.skill_gaps
    assert gaps and all(g.top_jobs_asking >= 2 and g.jobs for g in gaps)
    assert not {g.skill for g in gaps} & {"Python", "SQL", "dbt", "Dagster", "PHP"}  # alex names these
    markdown = written["alex/report.md"].decode()
    assert (
        "## Skill gaps" in markdown
        and f"| {gaps[0].skill} |" in markdown
        and "](../velocity.png)" in markdown
    )
    shown = materialized_metadata(again)["profile_insights"]["alex_report"]
    assert "data:image/png;base64," in shown  # the UI shows the charts inline


def test_the_ai_narrative_is_used_when_valid_and_the_fallback_recorded(
    bundled_days, built_warehouse, fake_llm, monkeypatch
):
    ws, _, instance = bundled_days
    key = "sk-insights-do-not-leak"
    monkeypatch.setenv("JOBINTEL_AI_API_KEY", key)

    def defs_for(model: str):
        return build_warehouse_definitions(
            ws.settings.model_copy(update={"ai_url": fake_llm.base_url, "ai_model": model}), ws.registry()
        )

    result = execute_job(defs_for("tiny"), WEEKLY_INSIGHTS_JOB, WEEK, instance, trigger="test")
    assert result.success and len(fake_llm.requests) == 2  # one per profile
    assert all(r["authorization"] == f"Bearer {key}" for r in fake_llm.requests)
    report_path = Path(ws.settings.storage_url) / "insights" / WEEK / "alex" / "report.md"
    assert "**A steady week for data roles**" in report_path.read_text()
    fake_llm.answer(Reply(status=500))
    fake_llm.answer(Reply(content="not json"))
    result = execute_job(defs_for("tiny-v2"), WEEKLY_INSIGHTS_JOB, WEEK, instance, trigger="test")
    meta = materialized_metadata(result)["profile_insights"]
    assert result.success and {meta["alex_ai"], meta["sam_ai"]} == {
        "fallback: HTTP 500 from the endpoint",
        "fallback: the answer is not valid JSON for Narrative: the answer is not a JSON object",
    }
    markdown = report_path.read_text()
    assert "A steady week" not in markdown and "_AI narrative: " in markdown
    stored = b"".join(files(Path(ws.settings.storage_url)).values())
    events = str([e for r in instance.get_runs() for e in instance.all_logs(r.run_id)])
    assert key.encode() not in stored and key not in events
    assert instance.get_latest_materialization_event(AssetKey("market_insights")) is not None
