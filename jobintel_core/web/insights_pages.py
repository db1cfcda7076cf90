"""A profile's latest weekly insights: the report the insights assets stored
(``insights/<week>/<profile>/report.json``) and its charts, served from storage as they are. The app
never builds a report; without one the page says which command does."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from jobintel_core.insights.report import InsightsReport
from jobintel_core.storage.keys import INSIGHTS, insights_key
from jobintel_core.storage.objects import ObjectMissing, ObjectStore
from jobintel_core.web import deps
from jobintel_core.web.rendering import render

router = APIRouter(include_in_schema=False)
# What the insights assets write (jobintel_dagster/insights/assets.py): the profile's two charts
# beside its report, the market's two one folder up.
PROFILE_CHARTS = ("matches.png", "skill_gaps.png", "funnel.png")
MARKET_CHARTS = ("velocity.png", "skills.png")
Chart = Literal["matches.png", "skill_gaps.png", "funnel.png", "velocity.png", "skills.png"]


def latest_report(store: ObjectStore, profile: str) -> InsightsReport | None:
    """The newest week holding this profile's report; reads that one file only."""
    weeks = sorted(
        {key.split("/")[1] for key in store.list(f"{INSIGHTS}/") if key.endswith(f"/{profile}/report.json")}
    )
    if not weeks:
        return None
    week = date.fromisoformat(weeks[-1])
    return InsightsReport.model_validate_json(store.get(insights_key(week, "report.json", profile)))


@router.get("/p/{profile}/insights", response_class=HTMLResponse)
def insights_page(request: Request, profile: deps.Profile, reader: deps.Reader) -> Response:
    report = latest_report(reader.store, profile)
    return render(
        request,
        "insights.html",
        profile_name=profile,
        report=report,
        charts=[*PROFILE_CHARTS, *MARKET_CHARTS],
    )


@router.get("/p/{profile}/insights/{week}/{chart}")
def insights_chart(profile: deps.Profile, week: date, chart: Chart, reader: deps.Reader) -> Response:
    key = insights_key(week, chart, profile if chart in PROFILE_CHARTS else None)
    try:
        data = reader.store.get(key)
    except ObjectMissing:
        raise HTTPException(404, f"no {chart} for the week of {week.isoformat()}") from None
    return Response(data, media_type="image/png", headers={"Cache-Control": "private, max-age=3600"})
