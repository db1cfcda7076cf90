"""``make bench``: run every benchmark once, print a table, write ``bench/results/latest.json``.

``python -m bench scoring search_at_scale`` runs a subset and merges it into the existing results.

Numbers are machine-dependent; they are measured, never asserted (targets live in issue notes).
"""

from __future__ import annotations

import json
import os
import platform
import sys
from datetime import UTC, datetime
from pathlib import Path

from bench import (
    backfill,
    cli,
    feedback,
    fetch,
    html_to_text,
    ingest,
    matching,
    orchestration,
    ranking,
    real_boards,
    scale,
    search,
    warehouse,
    web,
)

BENCHMARKS = {
    "html_to_text": html_to_text.run,
    "fetch_parse_loopback": fetch.run,
    "ingest_one_day": ingest.run,
    "embeddings": matching.embeddings_benchmark,
    "scoring": matching.scoring_benchmark,
    "ranking_quality": ranking.run,
    "feedback_learner": feedback.run,  # 60 simulated seekers × 30 days × 3 policies, ~2–3 min
    "real_boards": real_boards.run,  # the Ashby parser on ../shared/data/real-boards/ashby, when present
    "search_at_scale": search.run,  # SEARCH_SIZES (100k, 1M vectors): exact vs IVF, ~8 GB and ~5 min at 1M
    "light_commands": cli.run,
    "web_pages": web.run,  # Today (100 jobs) and a job page, 90 days × WEB_BOARDS (2,000) stored; ~6 min
    "warehouse": warehouse.run,
    "orchestration_at_n_boards": orchestration.run,
    "rollup_at_n_boards": scale.rollup_run,  # ROLLUP_BOARDS (2,000 boards, ~52,000 open jobs)
    "a_day_at_n_boards": scale.run,  # SCALE_BOARDS (50) boards × 2 days through dagster dev's queue
    "backfill_month": backfill.run,  # the longest: BACKFILL_DAYS × BACKFILL_PROVIDERS (30 × 8) via dagster dev
}


def main(selected: list[str]) -> int:
    out = Path(__file__).resolve().parent / "results" / "latest.json"
    previous = json.loads(out.read_text()) if selected and out.exists() else {}
    results = {
        **previous,
        "machine": {"python": platform.python_version(), "cpu_count": os.cpu_count()},
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    for name, fn in BENCHMARKS.items():
        if selected and name not in selected:
            continue
        print(f"== {name}", flush=True)
        outcome = fn()
        for key, value in outcome.items():
            print(f"   {key:<28} {value}")
        results[name] = outcome
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(f"\nwritten to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
