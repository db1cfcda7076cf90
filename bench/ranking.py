"""Ranking quality on the labelled set in ``bench/relevance/`` (issue 11).

Postings are written as a board would show them and go through the real ingestion
(``build_posting``: text, places, pay, skills, level, remote region) and the real MiniLM model, then
every profile's ranking is judged against the grades (0–3, rules in ``bench/relevance/README.md``):

* nDCG@10 with gain 2^grade − 1;
* MRR: 1 / rank of the first job graded 3;
* P@5: share of the top 5 graded 2 or more.

Rankers: keyword-only (TF-IDF cosine of the profile's words and the posting), semantic-only (MiniLM
cosine), the scorer before Matching v2 (``bench/baseline_scorer.py``), the current readings with
Matching v2's hand-set weights, the current scorer (fitted weights, ``data/fusion_weights.yaml``),
and the current scorer with each component switched off (its points dropped from the sum), and the
current scorer on int8 ONNX vectors (the cheaper embedding backend must rank the same).

Two sets: the hand-written one (``relevance/postings``) and the held-out part of the generated one
of issue 30 (``relevance/v3/heldout.yaml``, reported as ``v3_heldout.*``); its tuning part is what
``bench/fit_fusion.py`` fits the weights on, and is never reported here.
"""

from __future__ import annotations

import html
import tempfile
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from bench.baseline_scorer import score_jobs as baseline_score_jobs
from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.ats.base import build_posting
from jobintel_core.ingestion.normalization.jobs_table import jobs_frame
from jobintel_core.ingestion.normalization.posting import WorkplaceType
from jobintel_core.ingestion.reading.pay import Compensation
from jobintel_core.matching.embeddings.embedding_text import embedding_text
from jobintel_core.matching.embeddings.encoder import default_model_path, load_encoder
from jobintel_core.matching.profiles.profile import Profile, load_profiles
from jobintel_core.matching.scoring.fusion_weights import FusionWeights
from jobintel_core.matching.scoring.scorer import COMPONENTS, score_jobs

RELEVANCE = Path(__file__).resolve().parent / "relevance"
DAY = date(2026, 11, 20)
K = 10
# Matching v2's hand-set points, the prior the fitted weights start from and are compared with.
HAND_SET = FusionWeights(
    version="v2-hand-set",
    fitted_at=date(2026, 11, 20),
    fitted_on="none",
    method="hand-set",
    gains={"title": 30, "must_have": 25, "nice_to_have": 5, "semantic": 40},
    penalties={"seniority": 35, "location": 40, "salary": 30, "freshness": 10},
)


def posting_html(text: str) -> str:
    """The posting's text as a board's HTML: "- " lines are list items; other lines run on into one
    paragraph (the YAML wraps sentences), and a blank line starts the next."""
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(f"<p>{html.escape(' '.join(paragraph))}</p>")
            paragraph.clear()
        if items:
            blocks.append("<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>")
            items.clear()

    for line in (raw.strip() for raw in text.strip().splitlines()):
        if line.startswith("- "):
            if paragraph:
                flush()
            items.append(line[2:])
        elif not line:
            flush()
        else:
            if items:
                flush()
            paragraph.append(line)
    flush()
    return "".join(blocks)


def labelled_jobs(paths: list[Path] | None = None) -> tuple[pd.DataFrame, dict[str, dict[str, float]]]:
    """The labelled postings as a ``jobs`` table (with ``first_seen``) and grades[profile][job_id].
    ``paths``: the posting files (default: the hand-written set). A posting marked ``pay_in_text``
    is read like a board whose pay is only in the description (the pay reader on its text)."""
    fetched = datetime.combine(DAY, time(6), tzinfo=UTC)
    postings, grades = [], {}
    for path in paths or sorted((RELEVANCE / "postings").glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")):
            provider = ProviderConfig(key="labelled", company=entry["company"], ats="lever", board="labelled")
            pay = entry.get("pay")
            posting = build_posting(
                provider,
                external_id=entry["id"],
                title=entry["title"],
                url=f"https://jobs.example/{entry['id']}",
                fetched_at=fetched,
                description_html=posting_html(entry["text"]),
                locations=[entry["location"]],
                workplace_type=WorkplaceType(entry.get("workplace", "unknown")),
                compensation=Compensation(
                    min=pay[0], max=pay[1], currency=pay[2], interval=pay[3], source="structured"
                )
                if pay
                else None,
                pay_stated_in="content" if entry.get("pay_in_text") else None,
                posted_at=fetched - timedelta(days=entry["age"]) if "age" in entry else None,
            )
            postings.append(posting)
            grades[posting.job_id] = entry.get("grades") or {}
    jobs = jobs_frame(postings).assign(first_seen=DAY)
    by_profile: dict[str, dict[str, float]] = {}
    for job_id, graded in grades.items():
        for name, grade in graded.items():
            by_profile.setdefault(name, {})[job_id] = grade
    return jobs, by_profile


def ndcg(ranked: list[str], grades: dict[str, float], k: int = K) -> float:
    gains = [2 ** grades.get(j, 0) - 1 for j in ranked[:k]]
    ideal = sorted((2**g - 1 for g in grades.values()), reverse=True)[:k]
    dcg = sum(g / np.log2(i + 2) for i, g in enumerate(gains))
    best = sum(g / np.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / best if best else 0.0


def reciprocal_rank(ranked: list[str], grades: dict[str, float]) -> float:
    return next((1 / (i + 1) for i, j in enumerate(ranked) if grades.get(j, 0) == 3), 0.0)


def precision_at_5(ranked: list[str], grades: dict[str, float]) -> float:
    return sum(grades.get(j, 0) >= 2 for j in ranked[:5]) / 5


def evaluate(rankings: dict[str, list[str]], grades: dict[str, dict[str, float]]) -> dict[str, float]:
    names = sorted(grades)
    return {
        "ndcg@10": round(float(np.mean([ndcg(rankings[p], grades[p]) for p in names])), 4),
        "mrr": round(float(np.mean([reciprocal_rank(rankings[p], grades[p]) for p in names])), 4),
        "p@5": round(float(np.mean([precision_at_5(rankings[p], grades[p]) for p in names])), 4),
    }


def _ranked(scores: pd.Series, job_ids: pd.Series, posted_at: pd.Series | None = None) -> list[str]:
    """Job ids by score (desc), ties by job id; with ``posted_at``, ties newest first then by job id,
    as the scorer orders its rows (so the scorer with a component switched off is ranked like the
    scorer itself: many postings tie at full shares, and a different tie order alone moved nDCG)."""
    frame = pd.DataFrame({"score": scores.to_numpy(), "job_id": job_ids.to_numpy()})
    keys, ascending = ["score", "job_id"], [False, True]
    if posted_at is not None:
        frame["posted"] = pd.to_datetime(posted_at.to_numpy(), utc=True)
        keys, ascending = ["score", "posted", "job_id"], [False, False, True]
    ordered = frame.sort_values(keys, ascending=ascending, kind="mergesort", na_position="last")
    return list(ordered["job_id"])


def keyword_rankings(jobs: pd.DataFrame, profiles: list[Profile]) -> dict[str, list[str]]:
    from sklearn.feature_extraction.text import TfidfVectorizer  # a bench-only baseline

    docs = (jobs["title"] + "\n" + jobs["description_text"]).tolist()
    queries = [" ".join([*p.titles, *p.must_have, *p.nice_to_have, p.summary]) for p in profiles]
    vectorizer = TfidfVectorizer(sublinear_tf=True).fit(docs + queries)
    sims = (vectorizer.transform(queries) @ vectorizer.transform(docs).T).toarray()
    return {p.name: _ranked(pd.Series(sims[i]), jobs["job_id"]) for i, p in enumerate(profiles)}


def cosines_by_profile(
    jobs: pd.DataFrame, profiles: list[Profile], backend: str = "torch", cache_dir: str = ""
) -> dict[str, pd.Series]:
    encoder = load_encoder(str(default_model_path()), backend, cache_dir)  # type: ignore[arg-type]
    job_vectors = encoder.encode([embedding_text(r) for r in jobs.to_dict("records")])
    profile_vectors = encoder.encode([p.embedding_text() for p in profiles])
    return {
        p.name: pd.Series(job_vectors @ profile_vectors[i], index=jobs["job_id"].to_numpy())
        for i, p in enumerate(profiles)
    }


def _score_rankings(scored: pd.DataFrame, profiles: list[Profile]) -> dict[str, list[str]]:
    return {p.name: list(scored[scored.profile == p.name]["job_id"]) for p in profiles}


def compare(
    jobs: pd.DataFrame,
    grades: dict[str, dict[str, float]],
    profiles: list[Profile],
    cosines: dict[str, pd.Series],
) -> dict[str, object]:
    """Every ranker on one labelled set: keyword-only, semantic-only, the scorer before Matching v2,
    the current scorer, and the current scorer with each component switched off."""
    results: dict[str, object] = {
        "postings": len(jobs),
        "profiles": len(profiles),
        "graded_3": sum(g == 3 for p in grades.values() for g in p.values()),
    }
    results["keyword_only"] = evaluate(keyword_rankings(jobs, profiles), grades)
    results["semantic_only"] = evaluate(
        {p.name: _ranked(cosines[p.name], jobs["job_id"]) for p in profiles}, grades
    )
    old = baseline_score_jobs(
        profiles, jobs, {(p, j): float(c) for p, s in cosines.items() for j, c in s.items()}, DAY
    )
    results["old_scorer"] = evaluate(
        {
            p.name: _ranked(old[old.profile == p.name]["score"], old[old.profile == p.name]["job_id"])
            for p in profiles
        },
        grades,
    )
    hand_set = score_jobs(profiles, jobs, cosines, DAY, fusion=HAND_SET)
    results["new_readings_hand_set_weights"] = evaluate(_score_rankings(hand_set, profiles), grades)
    new = score_jobs(profiles, jobs, cosines, DAY)
    results["new_scorer"] = evaluate(_score_rankings(new, profiles), grades)
    for component in COMPONENTS:
        kept = [f"points_{c}" for c in COMPONENTS if c != component]
        score = new[kept].sum(axis=1).clip(0, 100).where(~new["excluded"], 0.0)
        rankings = {
            p.name: _ranked(
                score[new.profile == p.name],
                new.loc[new.profile == p.name, "job_id"],
                new.loc[new.profile == p.name, "posted_at"],
            )
            for p in profiles
        }
        results[f"without_{component}"] = evaluate(rankings, grades)
    return results


def run() -> dict[str, object]:
    """The hand-written set (and the scorer on int8 ONNX vectors), then the held-out part of the
    generated set of issue 30 (``relevance/v3/heldout.yaml``; its tuning part is never reported)."""
    jobs, grades = labelled_jobs()
    profiles = load_profiles(RELEVANCE / "profiles")
    cosines = cosines_by_profile(jobs, profiles)
    results = compare(jobs, grades, profiles, cosines)
    with tempfile.TemporaryDirectory() as cache:
        int8 = score_jobs(profiles, jobs, cosines_by_profile(jobs, profiles, "onnx-int8", cache), DAY)
    results["new_scorer_onnx_int8"] = evaluate(_score_rankings(int8, profiles), grades)
    jobs, grades = labelled_jobs([RELEVANCE / "v3" / "heldout.yaml"])
    profiles = load_profiles(RELEVANCE / "v3" / "profiles")
    held_out = compare(jobs, grades, profiles, cosines_by_profile(jobs, profiles))
    results.update({f"v3_heldout.{k}": v for k, v in held_out.items()})
    return results
