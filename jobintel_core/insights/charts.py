"""The report's charts as PNG bytes, byte-for-byte reproducible.

Reproducible means: the Agg backend, one fixed style (matplotlib's bundled DejaVu Sans, fixed size
and dpi, no timestamps or software tag in the PNG), inputs in a fixed order. The same data always
gives the same bytes, so a rematerialized report hashes the same.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator
from matplotlib.typing import RcKeyType

from jobintel_core.insights.market import MarketWeek
from jobintel_core.insights.profile_week import HISTORY_WEEKS, ProfileWeek

STYLE: dict[RcKeyType, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 10,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "path.simplify": False,
}
SIZE = (7.0, 3.6)
OPENED, CLOSED, THIS, BEFORE = "#2b7bba", "#d95f02", "#2b7bba", "#9ecae1"


@contextmanager
def _figure() -> Iterator[tuple[plt.Figure, plt.Axes]]:
    with plt.rc_context(STYLE):
        fig, ax = plt.subplots(figsize=SIZE)
        try:
            yield fig, ax
        finally:
            plt.close(fig)


def _png(fig: plt.Figure) -> bytes:
    buffer = io.BytesIO()
    fig.tight_layout()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _empty(ax: plt.Axes, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()


def _legend_below(ax: plt.Axes) -> None:
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=2, frameon=False)


def _paired_bars(
    title: str, labels: list[str], series: list[tuple[str, str, list[float]]], xlabel: str, empty: str
) -> bytes:
    """Two horizontal bars per label (``series``: (legend, colour, values) × 2), first label on top."""
    with _figure() as (fig, ax):
        if not labels:
            _empty(ax, empty)
        else:
            y = list(range(len(labels)))
            for offset, (legend, colour, values) in zip((0.2, -0.2), series, strict=True):
                ax.barh([i + offset for i in y], values[::-1], height=0.4, color=colour, label=legend)
            ax.set_yticks(y, labels[::-1])
            ax.set_xlabel(xlabel)
            _legend_below(ax)
        ax.set_title(title)
        return _png(fig)


def velocity_chart(market: MarketWeek) -> bytes:
    """Jobs opened and closed per company this week (most active first)."""
    rows = market.velocity
    return _paired_bars(
        f"Hiring velocity, week of {market.week.isoformat()}",
        [r.company for r in rows],
        [("opened", OPENED, [r.opened for r in rows]), ("closed", CLOSED, [r.closed for r in rows])],
        "jobs",
        "no hiring activity recorded this week",
    )


def skills_chart(market: MarketWeek) -> bytes:
    """The most asked-for skills: share of the week's listed jobs, this week and the week before."""
    rows = market.top_skills
    return _paired_bars(
        f"Most asked-for skills, week of {market.week.isoformat()}",
        [r.skill for r in rows],
        [
            ("this week", THIS, [100 * r.share for r in rows]),
            ("week before", BEFORE, [100 * r.previous_share for r in rows]),
        ],
        "% of listed jobs asking",
        "no skills recorded this week",
    )


def matches_chart(week: ProfileWeek) -> bytes:
    """Jobs on the profile's shortlist per week, the last ``HISTORY_WEEKS`` weeks (0 before scoring began)."""
    with _figure() as (fig, ax):
        counts = {w.week: w.matches for w in week.history}
        weeks = [week.week - timedelta(weeks=n) for n in range(HISTORY_WEEKS - 1, -1, -1)]
        ax.bar([w.strftime("%d %b") for w in weeks], [counts.get(w, 0) for w in weeks], width=0.6, color=THIS)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_ylabel("jobs shortlisted")
        ax.set_xlabel("week starting")
        ax.set_title(f"{week.profile}: shortlisted jobs per week")
        return _png(fig)


def gaps_chart(week: ProfileWeek) -> bytes:
    """The profile's skill gaps by weight."""
    with _figure() as (fig, ax):
        rows = week.skill_gaps[::-1]
        if not rows:
            _empty(ax, "no skill gaps: the top jobs ask for nothing new")
        else:
            ax.barh([g.skill for g in rows], [g.weight for g in rows], color=CLOSED)
            ax.set_xlabel("gap weight (share of top jobs × specificity)")
        ax.set_title(f"{week.profile}: skills the best-fitting jobs ask for")
        return _png(fig)


FUNNEL_STEPS = ("shown", "rated", "applied", "screen", "interview", "offer")
# each step's rate is over this one (``profile_conversion``): rated and applied over shown
FUNNEL_BASE = {
    "rated": "shown",
    "applied": "shown",
    "screen": "applied",
    "interview": "screen",
    "offer": "interview",
}


def funnel_chart(week: ProfileWeek) -> bytes:
    """The profile's funnel to the report's week: jobs shown → rated → applied → screen → interview →
    offer, each bar labelled with its count and its rate (``FUNNEL_BASE``)."""
    with _figure() as (fig, ax):
        if not week.funnel:
            _empty(ax, "no feedback yet: rate jobs and move them in the tracker")
        else:
            last = week.funnel[-1]
            counts = {step: int(getattr(last, f"{step}_to_date")) for step in FUNNEL_STEPS}
            y = list(range(len(FUNNEL_STEPS)))[::-1]
            ax.barh(y, list(counts.values()), color=THIS)
            ax.set_yticks(y, list(FUNNEL_STEPS))
            for row, step in zip(y, FUNNEL_STEPS, strict=True):
                base = counts.get(FUNNEL_BASE.get(step, ""), 0)
                rate = f" ({100 * counts[step] / base:.0f}% of {FUNNEL_BASE[step]})" if base else ""
                label = f"{counts[step]}{rate}"
                ax.annotate(
                    label, (counts[step], row), xytext=(3, 0), textcoords="offset points", va="center"
                )
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.set_xlabel("jobs, to date")
        ax.set_title(f"{week.profile}: from shown to offer, to the week of {week.week.isoformat()}")
        return _png(fig)
