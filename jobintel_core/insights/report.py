"""A profile's weekly report: one document (``InsightsReport``) rendered as JSON and Markdown.

Both renderings are pure functions of the report, and the report holds no clock time, so the same
warehouse rows give the same bytes. The Markdown links the charts by file name (they sit beside it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from jobintel_core.insights.market import MarketWeek
from jobintel_core.insights.narrative import Narrative
from jobintel_core.insights.profile_week import ProfileWeek
from jobintel_core.insights.skill_gaps import SkillGap

REPORT_VERSION = 2  # 2: the funnel and the skill gaps from feedback


class InsightsReport(BaseModel):
    report_version: int = REPORT_VERSION
    week: date
    profile: ProfileWeek
    market: MarketWeek
    narrative: Narrative | None = None
    narrative_note: str = ""  # why there is no narrative (AI off, or the fallback's reason)

    def to_json(self) -> bytes:
        return (self.model_dump_json(indent=2) + "\n").encode()

    def summary(self) -> str:
        """Two lines for a chat message or a terminal."""
        p, week = self.profile, self.week.isoformat()
        last = "n/a" if p.matches_last_week is None else str(p.matches_last_week)
        gaps = ", ".join(g.skill for g in p.skill_gaps[:3]) or "none"
        return (
            f"{p.profile}, week of {week}: {p.matches} shortlisted (last week {last}) of {p.jobs_scored} jobs scored; "
            f"best {p.best_score if p.best_score is not None else 'n/a'}.\n"
            f"Top skill gaps: {gaps}. Market: {self.market.listed_jobs} jobs listed."
        )


def _pct(value: float) -> str:
    return f"{100 * value:.0f}%"


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _table(header: list[str], rows: list[list[object]]) -> list[str]:
    if not rows:
        return ["_none this week_", ""]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def to_markdown(report: InsightsReport) -> str:
    p, m = report.profile, report.market
    last = "no scores" if p.matches_last_week is None else str(p.matches_last_week)
    out = [f"# JobIntel weekly insights: {p.profile}, week of {report.week.isoformat()}", ""]
    if report.narrative:
        out += [
            f"**{report.narrative.headline}**",
            "",
            *[f"{para}\n" for para in report.narrative.paragraphs],
        ]
    out += [
        f"_AI narrative: {report.narrative_note}_" if report.narrative_note else "",
        "",
        "## Your matches",
        "",
        (
            f"{p.matches} jobs made your shortlist this week (last week: {last}) out of {p.jobs_scored} scored; "
            f"best score {p.best_score if p.best_score is not None else 'n/a'}, "
            f"90th percentile {p.p90_score if p.p90_score is not None else 'n/a'}."
        ),
        "",
        "![Shortlisted jobs per week](matches.png)",
        "",
        "Where they come from:",
        "",
    ]
    out += _table(
        ["company", "role family", "matches", "best score"],
        [[s.company, s.role_family, s.matches, s.best_score] for s in p.sources],
    )
    out += [
        "## Skill gaps",
        "",
        (
            "Skills the jobs that fit you best keep asking for, which your profile does not name "
            "(weight: share of your top jobs × how specific the skill is in the market)."
        ),
        "",
        "![Skill gaps](skill_gaps.png)",
        "",
    ]
    out += _gaps_table("your top jobs asking", p.skill_gaps)
    out += [
        "### Skill gaps from your feedback",
        "",
        (
            f"Skills the {p.feedback_jobs} jobs you rated ★★★★ or more, or applied to and were rejected "
            "from, keep asking for, which your profile does not name (weighted as above)."
        ),
        "",
    ]
    out += _gaps_table("of those jobs asking", p.feedback_gaps)
    out += ["## Your funnel", "", "![From shown to offer](funnel.png)", ""]
    out += _table(
        ["week", "shown", "rated", "applied", "screen", "interview", "offer"],
        [[f.week.isoformat(), f.shown, f.rated, f.applied, f.screen, f.interview, f.offer] for f in p.funnel],
    )
    if p.funnel:
        latest = p.funnel[-1]
        rates = (
            ("rated / shown", latest.rated_per_shown),
            ("applied / shown", latest.applied_per_shown),
            ("screen / applied", latest.screen_per_applied),
            ("interview / screen", latest.interview_per_screen),
            ("offer / interview", latest.offer_per_interview),
        )
        out += [
            "To date: "
            + ", ".join(f"{name} {_pct(v) if v is not None else 'n/a'}" for name, v in rates)
            + ".",
            "",
        ]
    out += ["## The market", "", f"{m.listed_jobs} jobs listed this week."]
    if m.first_week:
        out += ["", '_Tracking began this week: "opened" counts every job already open then._']
    out += ["", "![Hiring velocity](../velocity.png)", ""]
    out += _table(
        ["company", "opened", "closed", "net", "open", "4-week trend"],
        [
            [v.company, v.opened, v.closed, v.net, v.open_jobs, f"{v.trend_4_weeks} ({v.net_4_weeks:+d})"]
            for v in m.velocity
        ],
    )
    out += ["### Roles", ""]
    out += _table(
        ["role family", "new", "closed", "open"],
        [[f.role_family, f.new_jobs, f.closed_jobs, f.open_jobs] for f in m.families],
    )
    out += ["### Skills", "", "![Most asked-for skills](../skills.png)", ""]
    out += [
        (
            f"Rising: {', '.join(s.skill for s in m.rising_skills) or 'none'}. "
            f"Falling: {', '.join(s.skill for s in m.falling_skills) or 'none'}."
        ),
        "",
    ]
    out += ["### Pay (where stated)", ""]
    out += _table(
        ["role family", "country", "currency", "per", "jobs", "p25", "median", "p75"],
        [
            [
                b.role_family,
                b.country_code or "?",
                b.currency,
                b.pay_interval,
                b.jobs,
                _money(b.p25),
                _money(b.median),
                _money(b.p75),
            ]
            for b in m.pay_bands
        ],
    )
    out += ["### Remote share", ""]
    out += _table(
        ["company", "listed", "remote", "share"],
        [[r.company, r.listed_jobs, r.remote_jobs, _pct(r.remote_share)] for r in m.remote],
    )
    out += ["### Time to close", ""]
    out += _table(
        ["company", "role family", "closed", "median days listed"],
        [[c.company, c.role_family, c.closed_jobs, c.median_days_listed] for c in m.time_to_close],
    )
    return "\n".join(out).rstrip() + "\n"


def narrative_input(report: InsightsReport) -> dict[str, Any]:
    """What the AI sees: the report's figures, nothing else."""
    return report.model_dump(mode="json", exclude={"narrative", "narrative_note"})


def week_of(day: date) -> date:
    """The Monday of ``day``'s week: weekly partitions and the marts' ``week_start``."""
    return date.fromordinal(day.toordinal() - day.weekday())


def _gaps_table(asking: str, gaps: list[SkillGap]) -> list[str]:
    """The market's and the feedback's skill gaps, in one table shape (only who is asking differs)."""
    return _table(
        ["skill", "weight", asking, "market share", "e.g."],
        [
            [
                g.skill,
                g.weight,
                g.top_jobs_asking,
                _pct(g.market_share),
                "; ".join(f"{j.title} ({j.company})" for j in g.jobs[:2]),
            ]
            for g in gaps
        ],
    )
