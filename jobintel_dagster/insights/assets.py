"""``market_insights`` and ``profile_insights``: weekly reports over the warehouse's marts.

``market_insights`` writes the week's market (``insights/<week>/market.json``, ``market.md`` and
two charts); ``profile_insights`` writes one report per profile beside it
(``insights/<week>/<profile>/report.md``, ``report.json`` and two more charts), each with an
optional AI narrative that falls back to the deterministic report and says why. Both are pure
functions of the warehouse rows (and the AI cache), so a rematerialization writes the same bytes;
the metadata carries each file's hash, the Markdown (charts inlined, so the UI shows them) and the
paths.
"""

import base64
import hashlib
from datetime import date
from typing import Any

from dagster import (
    AssetDep,
    AssetExecutionContext,
    AssetsDefinition,
    DataVersion,
    MaterializeResult,
    MetadataValue,
    asset,
)

from jobintel_core.applications.library import load_resume, scoring_resume
from jobintel_core.insights import charts
from jobintel_core.insights.market import MarketWeek, read_market
from jobintel_core.insights.narrative import NARRATIVE_PROMPT, Narrative
from jobintel_core.insights.profile_week import read_profile_week
from jobintel_core.insights.report import InsightsReport, narrative_input, to_markdown
from jobintel_core.storage.keys import insights_key
from jobintel_core.storage.objects import ObjectStore
from jobintel_dagster.alerting.hooks import ASSET_HOOKS, post_insights_summary
from jobintel_dagster.insights.resources import AiResource
from jobintel_dagster.location import LocationContext
from jobintel_dagster.matching.resources import ProfilesResource
from jobintel_dagster.storage.resources import StorageResource
from jobintel_dagster.warehouse.keys import model_key
from jobintel_dagster.warehouse.resources import WarehouseResource

GROUP = "insights"
MARKET_MARTS = (
    "hiring_velocity",
    "role_families_weekly",
    "skill_trends",
    "pay_bands",
    "remote_share",
    "time_to_close",
)
PROFILE_MARTS = (
    "profile_scores_weekly",
    "profile_matches",
    "stg_job_scores",
    "stg_job_skills",
    "skill_trends",
    "stg_job_history",
    "stg_ratings",
    "stg_outcomes",
    "profile_conversion",
)
MARKET_JSON = "market.json"


def _write(store: ObjectStore, files: dict[str, bytes]) -> dict[str, str]:
    """Write ``{key: bytes}`` in order (the JSON last: it marks the report complete); returns hashes."""
    for key, data in files.items():
        store.put(key, data)
    return {key: hashlib.sha256(data).hexdigest() for key, data in files.items()}


def _inline_charts(markdown: str, pngs: dict[str, bytes], prefix: str = "") -> str:
    """The Markdown with each chart as a data URI, for the UI's metadata view."""
    for name, data in pngs.items():
        markdown = markdown.replace(
            f"]({prefix}{name})", f"](data:image/png;base64,{base64.b64encode(data).decode()})"
        )
    return markdown


def _version(hashes: dict[str, str]) -> DataVersion:
    return DataVersion(
        hashlib.sha256("".join(f"{k}={v}\n" for k, v in sorted(hashes.items())).encode()).hexdigest()
    )


def build_insights_assets(context: LocationContext) -> list[AssetsDefinition]:
    weekly = context.partitions.weekly

    @asset(
        description="The week's market: hiring velocity, roles, rising and falling skills, pay bands, remote "
        "share, time to close (Markdown, JSON and charts under insights/<week>/).",
        deps=[AssetDep(model_key(m)) for m in MARKET_MARTS],
        partitions_def=weekly,
        group_name=GROUP,
        hooks=ASSET_HOOKS,
        code_version="1",
        kinds={"python", "matplotlib"},
    )
    def market_insights(
        context: AssetExecutionContext, storage: StorageResource, warehouse: WarehouseResource
    ):
        week = date.fromisoformat(context.partition_key)
        with warehouse.open(read_only=True) as opened:
            market = read_market(opened, week)
        pngs = {"velocity.png": charts.velocity_chart(market), "skills.png": charts.skills_chart(market)}
        store = storage.get_store()
        files = {insights_key(week, name): data for name, data in pngs.items()}
        files[insights_key(week, MARKET_JSON)] = (market.model_dump_json(indent=2) + "\n").encode()
        hashes = _write(store, files)
        return MaterializeResult(
            data_version=_version(hashes),
            metadata={
                "listed_jobs": market.listed_jobs,
                "rising_skills": ", ".join(s.skill for s in market.rising_skills) or "none",
                "falling_skills": ", ".join(s.skill for s in market.falling_skills) or "none",
                "files": MetadataValue.json(hashes),
                "report": MetadataValue.path(store.uri(insights_key(week, MARKET_JSON))),
            },
        )

    @asset(
        description="Each profile's weekly report: matches this week and last, where they come from, skill gaps "
        "with the jobs asking for them (the market's and the feedback's), the funnel from shown to offer, "
        "and the market (insights/<week>/<profile>/report.md).",
        deps=[market_insights, *(AssetDep(model_key(m)) for m in PROFILE_MARTS)],
        partitions_def=weekly,
        group_name=GROUP,
        hooks={*ASSET_HOOKS, post_insights_summary},
        code_version="2",
        kinds={"python", "matplotlib"},
    )
    def profile_insights(
        context: AssetExecutionContext,
        storage: StorageResource,
        warehouse: WarehouseResource,
        profiles: ProfilesResource,
        ai: AiResource,
    ):
        week = date.fromisoformat(context.partition_key)
        store = storage.get_store()
        market = MarketWeek.model_validate_json(store.get(insights_key(week, MARKET_JSON)))
        market_pngs = {name: store.get(insights_key(week, name)) for name in ("velocity.png", "skills.png")}
        chat = ai.client(store)
        metadata: dict[str, Any] = {}
        hashes: dict[str, str] = {}
        with warehouse.open(read_only=True) as opened:
            weeks = [
                (p, read_profile_week(opened, p, week, _resume_skills(store, p.name)))
                for p in profiles.load()
            ]
        for profile, profile_week in weeks:
            report = InsightsReport(week=week, profile=profile_week, market=market)
            answer = chat.complete(NARRATIVE_PROMPT, narrative_input(report), Narrative)
            report.narrative, report.narrative_note = (
                answer.value,
                (
                    f"written by {answer.model} (prompt {answer.prompt}) from the figures below"
                    if answer.value
                    else f"not used: {answer.reason}"
                ),
            )
            if answer.status == "fallback":
                context.log.warning(f"{profile.name}: AI narrative fell back: {answer.reason}")
            pngs = {
                "matches.png": charts.matches_chart(profile_week),
                "skill_gaps.png": charts.gaps_chart(profile_week),
                "funnel.png": charts.funnel_chart(profile_week),
            }
            markdown = to_markdown(report)
            files = {insights_key(week, name, profile.name): data for name, data in pngs.items()}
            files[insights_key(week, "report.md", profile.name)] = markdown.encode()
            files[insights_key(week, "report.json", profile.name)] = report.to_json()
            hashes.update(_write(store, files))
            shown = _inline_charts(_inline_charts(markdown, pngs), market_pngs, prefix="../")
            metadata[f"{profile.name}_report"] = MetadataValue.md(shown)
            metadata[f"{profile.name}_summary"] = report.summary()
            metadata[f"{profile.name}_ai"] = (
                f"{answer.status}: {answer.reason}" if answer.reason else answer.status
            )
            metadata[f"{profile.name}_path"] = MetadataValue.path(
                store.uri(insights_key(week, "report.md", profile.name))
            )
        return MaterializeResult(
            data_version=_version(hashes),
            metadata={
                **metadata,
                "files": MetadataValue.json(hashes),
                "ai_tokens_estimated": chat.tokens_spent,
            },
        )

    return [market_insights, profile_insights]


def _resume_skills(store: ObjectStore, profile: str) -> list[str]:
    """The skills the profile's scoring résumé lists (none without a résumé): they are no gaps. Only
    the report's gaps change; the résumé itself stays in the user's storage."""
    name = scoring_resume(store, profile).name
    return load_resume(store, profile, name).skill_names() if name else []
