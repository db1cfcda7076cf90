"""A score row in words, rebuilt from its stored components: one function for the shortlist,
alerts, CLI and UI, so every place says the same thing about a job.

Scores are stored as numbers and facts (``points_*``, ``title_target``, ``must_missing``,
``location_fit`` …), not as text: 100,000 jobs × 5 profiles need no strings at scoring time, and a
wording change needs no re-scoring.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from jobintel_core.matching.scoring.scorer import COMPONENTS, GAINS, PENALTIES, SEMANTIC_FULL_Z, gain_weights

LOCATION_PHRASES = {
    "remote_ok": "remote, open to {detail}",
    "remote_outside": "remote only within {detail}, outside your regions",
    "remote_hours_outside": "remote, working hours {detail}, outside your time zones",
    "remote_not_wanted": "remote, but you want on-site or hybrid work",
    "remote_region_unknown": "remote, region not stated",
    "site": "in {detail}",
    "site_workplace_unknown": "in {detail}, workplace not stated",
    "site_workplace_not_wanted": "in {detail}, but not a workplace you want",
    "elsewhere": "in {detail}: not a wanted place",
    "unknown": "location not stated",
    "anywhere": "any place is fine",
}


_STANCE = {
    "negated": "only negated",
    "history": "only as history",
    "not_needed": "only as not required",
    "other_sense": "only in another sense",
}


def exclusion_note(row: Mapping[str, Any]) -> str | None:
    """Why the job is excluded, or why an excluded term it names does not exclude it ("mentions
    'Java' only as history: not excluded"); ``None`` when it names none. Rows stored before the
    mention columns existed have no note."""
    if row["excluded"]:
        return f"names excluded term {row['excluded_term']!r}"
    term, stance = row.get("excluded_mention"), row.get("excluded_mention_stance")
    if not _known(term) or not _known(stance):
        return None
    return f"mentions {term!r} {_STANCE.get(str(stance), str(stance))}: not excluded"


def _known(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value))


def component_reasons(row: Mapping[str, Any]) -> dict[str, str]:
    """Why each component has its points, in words."""
    why = {}
    why["title"] = f"title vs {row['title_target']!r}: {row['title_similarity']:.2f}"
    missing = f"; missing {row['must_missing']}" if _known(row["must_missing"]) else ""
    why["must_have"] = (
        f"{row['must_found']}/{row['must_total']} must-have{missing}"
        if row["must_total"]
        else "no must-have skills listed"
    )
    why["nice_to_have"] = (
        f"{row['nice_found']}/{row['nice_total']} nice-to-have"
        if row["nice_total"]
        else "no nice-to-have skills listed"
    )
    why["semantic"] = (
        "no embedding for this job"
        if not _known(row["cosine"])
        else f"cosine {row['cosine']:.3f}, {row['semantic_z']:+.1f} σ from today's median "
        f"(full at +{SEMANTIC_FULL_Z:.0f} σ)"
    )
    gap = row["level_gap"]
    level = row["job_level"]
    why["seniority"] = (
        "level not stated"
        if not _known(level)
        else f"level {level}; any level wanted"
        if not _known(gap)
        else f"level {level} wanted"
        if gap == 0
        else f"level {level}, {int(gap)} step(s) from wanted"
    )
    why["location"] = LOCATION_PHRASES.get(row["location_fit"], row["location_fit"]).format(
        detail=row["location_detail"]
    )
    fit = row["salary_fit"]
    pay = f"{row['pay_yearly']:,.0f} {row['pay_currency']}/year" if _known(row["pay_yearly"]) else ""
    why["salary"] = {
        "no_floor": "no salary floor",
        "unknown": "pay not stated",
        "unconvertible": "pay in a currency without a rate",
        "meets": f"up to {pay}, meets your floor",
        "below": f"up to {pay}, below your floor",
    }[fit]
    age = row["age_days"]
    why["freshness"] = "posting date unknown" if not _known(age) else f"listed {int(age)} days ago"
    return why


def reasons(row: Mapping[str, Any]) -> str:
    """One line: the exclusion, or the three strongest gains then every penalty."""
    note = exclusion_note(row)
    if row["excluded"]:
        return str(note)
    why = component_reasons(row)
    weights = gain_weights(row["must_total"], row["nice_total"])
    gains = sorted((row[f"points_{k}"] / weights[k], k) for k in GAINS if row[f"points_{k}"] > 0)[::-1][:3]
    penalties = [k for k in PENALTIES if row[f"points_{k}"] < 0]
    parts = [
        *(why[k] for _, k in gains),
        *(f"{why[k]} ({round(row[f'points_{k}'], 1):+g})" for k in penalties),
    ]
    line = "; ".join(parts) or f"nothing matches: {why['title']}; {why['must_have']}"
    return f"{line}; {note}" if note else line


def explanation(row: Mapping[str, Any]) -> dict[str, Any]:
    """Every component of one row: its points, its range for this profile and why."""
    why = component_reasons(row)
    weights = gain_weights(row["must_total"], row["nice_total"])
    return {
        "score": row["score"],
        "excluded": exclusion_note(row) if row["excluded"] else None,
        "exclusion_note": exclusion_note(row),
        "components": {
            k: {
                "points": row[f"points_{k}"],
                "range": [0, round(weights[k], 2)] if k in GAINS else [-PENALTIES[k], 0],
                "why": why[k],
            }
            for k in COMPONENTS
        },
    }
