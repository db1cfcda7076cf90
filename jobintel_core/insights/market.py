"""The market in one week, read from the warehouse's marts: who is hiring more or less, which skills
and roles are rising, what pay looks like, how much is remote, how long jobs stay listed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
from pydantic import BaseModel

from jobintel_core.storage.tables import jsonable
from jobintel_core.warehouse.engines import Warehouse

MARTS = "analytics"
TOP = 10  # rows per section of the report


def plain_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as plain values (``storage.tables.jsonable``), numbers rounded so the JSON is the same on
    every engine and run."""
    return [
        {key: round(value, 4) if isinstance(value, float) else value for key, value in jsonable(row).items()}
        for row in frame.to_dict("records")
    ]


class CompanyVelocity(BaseModel):
    company: str
    opened: int
    closed: int
    net: int
    open_jobs: int
    net_4_weeks: int
    trend_4_weeks: str


class SkillTrend(BaseModel):
    skill: str
    jobs: int
    share: float
    previous_share: float
    trend: str


class FamilyWeek(BaseModel):
    role_family: str
    new_jobs: int
    closed_jobs: int
    open_jobs: int


class PayBand(BaseModel):
    role_family: str
    country_code: str
    currency: str
    pay_interval: str
    jobs: int
    p25: float
    median: float
    p75: float


class RemoteShare(BaseModel):
    company: str
    listed_jobs: int
    remote_jobs: int
    remote_share: float


class CloseTime(BaseModel):
    company: str
    role_family: str
    closed_jobs: int
    median_days_listed: float


class MarketWeek(BaseModel):
    week: date
    first_week: bool  # tracking began this week: "opened" counts every job already open then
    listed_jobs: int
    velocity: list[CompanyVelocity]
    families: list[FamilyWeek]
    top_skills: list[SkillTrend]
    rising_skills: list[SkillTrend]
    falling_skills: list[SkillTrend]
    pay_bands: list[PayBand]
    remote: list[RemoteShare]
    time_to_close: list[CloseTime]


def read_market(warehouse: Warehouse, week: date) -> MarketWeek:
    q = warehouse.query
    velocity = q(
        f"select * from {MARTS}.hiring_velocity where week_start = :week "
        "order by abs(net) desc, opened desc, company",
        week=week,
    )
    families = q(
        f"select * from {MARTS}.role_families_weekly where week_start = :week "
        "order by new_jobs desc, open_jobs desc, role_family",
        week=week,
    )
    skills = q(
        f"select * from {MARTS}.skill_trends where week_start = :week order by jobs desc, skill", week=week
    )
    pay = q(
        f"select * from {MARTS}.pay_bands where week_start = :week "
        "order by jobs desc, role_family, country_code, currency, pay_interval",
        week=week,
    )
    remote = q(
        f"select company, sum(listed_jobs) as listed_jobs, sum(remote_jobs) as remote_jobs "
        f"from {MARTS}.remote_share where week_start = :week group by company order by company",
        week=week,
    )
    closing = q(
        f"select * from {MARTS}.time_to_close where week_start = :week "
        "order by closed_jobs desc, company, role_family",
        week=week,
    )
    remote["remote_share"] = (
        remote["remote_jobs"].astype(float) / remote["listed_jobs"].astype(float)
    ).fillna(0.0)
    remote = remote.sort_values(["remote_share", "company"], ascending=[False, True])
    rising = skills[skills["trend"] == "rising"].sort_values(["jobs", "skill"], ascending=[False, True])
    falling = skills[skills["trend"] == "falling"].sort_values(["jobs", "skill"], ascending=[False, True])
    listed = int(skills["listed_jobs"].max()) if len(skills) else 0
    # Validated from plain rows: each list's items become that field's model.
    return MarketWeek.model_validate(
        {
            "week": week,
            "first_week": bool(velocity["first_week"].any()) if len(velocity) else False,
            "listed_jobs": listed,
            "velocity": plain_records(velocity.head(TOP)),
            "families": plain_records(families.head(TOP)),
            "top_skills": plain_records(skills.head(TOP)),
            "rising_skills": plain_records(rising.head(TOP)),
            "falling_skills": plain_records(falling.head(TOP)),
            "pay_bands": plain_records(pay.head(TOP)),
            "remote": plain_records(remote.head(TOP)),
            "time_to_close": plain_records(closing.head(TOP)),
        }
    )
