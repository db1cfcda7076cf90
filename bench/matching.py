"""Matching benchmarks, each measured in this one run on the same machine.

(a) ``job_embeddings`` materialized through Dagster (cold cache) vs a bare
    ``SentenceTransformer.encode`` of the same texts: the ratio is our overhead.
(b) the next day with 5% new postings vs day 1: the incremental cost the cache buys.
    Also the ONNX backends (fp32 and int8) on the same 1,000 texts: throughput against the bare
    encode and the cosine of their vectors to the fp32 PyTorch ones.
(c) ``score_jobs`` for 100,000 jobs × 5 profiles: median of 3 calls, and the first call of the
    process apart (it also loads the city table and the vocabularies, ~3 s).
The index's build and query figures are ``bench/search.py`` (``search_at_scale``).
"""

from __future__ import annotations

import random
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import yaml
from dagster import DagsterInstance, materialize

from bench.corpus import postings
from jobintel_core.config.registry import load_registry
from jobintel_core.config.settings import Settings
from jobintel_core.ingestion.normalization.jobs_table import JOBS_SCHEMA
from jobintel_core.ingestion.normalization.text import html_to_text
from jobintel_core.ingestion.reading.posting_reading import read_posting
from jobintel_core.matching.embeddings.embedding_text import embedding_text
from jobintel_core.matching.embeddings.encoder import default_model_path, load_encoder
from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.matching.scoring.explanations import reasons
from jobintel_core.matching.scoring.scorer import score_jobs
from jobintel_core.storage.keys import object_key
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.storage.tables import parquet_bytes
from jobintel_dagster.code_location import build_definitions

EMBED_POSTINGS = 1_000
SCORE_JOBS, SCORE_PROFILES = 100_000, 5


def synthetic_jobs(count: int, seed: int = 3, offset: int = 0) -> pd.DataFrame:
    """Postings in the jobs schema, each posted by the company and for the role its text describes;
    every text is distinct (a requisition line makes it so)."""
    rng = random.Random(seed + 1)  # the rows' own choices, apart from the texts' generator
    fetched = datetime(2026, 11, 20, tzinfo=UTC)
    rows = []
    for n, (company, role, html) in enumerate(postings(count, seed=seed, start=offset), start=offset):
        workplace = rng.choice(["remote", "hybrid", "onsite"])
        low, high = role[5]
        text = html_to_text(html) + f"\nRequisition {n}"
        reading = read_posting(role[0], text, [], workplace)
        rows.append(
            dict.fromkeys(JOBS_SCHEMA.names)
            | reading.model_dump(mode="json")
            | {
                "job_id": f"{n:016x}",
                "provider": "bench",
                "company": company.name,
                "ats": "lever",
                "board": "bench",
                "external_id": str(n),
                "title": role[0],
                "url": f"https://bench.example/{n}",
                "locations": [rng.choice(company.cities)],
                "workplace_type": workplace,
                "description_html": html,
                "description_text": text,
                "compensation_min": low * 1000.0,
                "compensation_max": high * 1000.0,
                "compensation_currency": company.currency,
                "compensation_interval": "year",
                "posted_at": fetched - timedelta(days=rng.randrange(30)),
                "content_hash": f"{n:016x}",
                "fetched_at": fetched,
            }
        )
    return pd.DataFrame(rows)


def _materialize_embeddings(defs, instance, jobs: pd.DataFrame, store: LocalObjectStore, day: str) -> float:
    store.put(
        object_key(["jobs"], f"{day}/bench", "parquet"),
        parquet_bytes(pa.Table.from_pandas(jobs, schema=JOBS_SCHEMA, preserve_index=False)),
    )
    start = time.perf_counter()
    result = materialize(
        list(defs.assets),
        resources=dict(defs.resources),
        partition_key=f"{day}|bench",
        selection=["job_embeddings"],
        instance=instance,
        run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
    )
    elapsed = time.perf_counter() - start
    assert result.success
    return elapsed


def embeddings_benchmark() -> dict[str, float]:
    encoder = load_encoder(str(default_model_path()))
    day1 = synthetic_jobs(EMBED_POSTINGS)
    texts = [embedding_text(r) for r in day1.to_dict("records")]
    encoder.model.encode(texts[:32], batch_size=32)  # warm-up: first-call allocations
    start = time.perf_counter()
    reference = encoder.model.encode(texts, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    bare = time.perf_counter() - start

    backends = {}
    with tempfile.TemporaryDirectory() as cache:
        for backend in ("onnx", "onnx-int8"):
            start = time.perf_counter()
            onnx = load_encoder(str(default_model_path()), backend, cache)
            onnx.encode(texts[:32])  # exports the weights (once per cache) and warms up
            prepared = time.perf_counter() - start
            start = time.perf_counter()
            vectors = onnx.encode(texts)
            took = time.perf_counter() - start
            cosines = (vectors * reference).sum(axis=1)
            backends.update(
                {
                    f"{backend}_s": round(took, 2),
                    f"{backend}_speedup_vs_bare": round(bare / took, 2),
                    f"{backend}_mean_cosine_to_fp32": round(float(cosines.mean()), 4),
                    f"{backend}_min_cosine_to_fp32": round(float(cosines.min()), 4),
                    f"{backend}_export_and_load_s": round(prepared, 1),
                }
            )

    new = max(1, EMBED_POSTINGS * 5 // 100)
    day2 = pd.concat(
        [day1.iloc[new:], synthetic_jobs(new, seed=99, offset=EMBED_POSTINGS)], ignore_index=True
    )
    with tempfile.TemporaryDirectory() as tmp:
        registry_path = Path(tmp) / "providers.yaml"
        registry_path.write_text(
            yaml.safe_dump(
                {"providers": [{"key": "bench", "company": "Bench", "ats": "lever", "board": "bench"}]}
            )
        )
        settings = Settings(storage_url=str(Path(tmp) / "storage"), max_new_embeddings=10 * EMBED_POSTINGS)
        defs = build_definitions(settings, load_registry(registry_path))
        store, instance = LocalObjectStore(settings.storage_url), DagsterInstance.ephemeral()
        ours_day1 = _materialize_embeddings(defs, instance, day1, store, "2026-11-19")
        ours_day2 = _materialize_embeddings(defs, instance, day2, store, "2026-11-20")
    return {
        "postings": EMBED_POSTINGS,
        "bare_encode_s": round(bare, 2),
        "job_embeddings_day1_s": round(ours_day1, 2),
        "overhead_ratio_day1_vs_bare": round(ours_day1 / bare, 3),
        "day2_new_postings": new,
        "job_embeddings_day2_s": round(ours_day2, 2),
        "day2_vs_day1_ratio": round(ours_day2 / ours_day1, 3),
        **backends,
    }


def scoring_benchmark() -> dict[str, float]:
    jobs = synthetic_jobs(SCORE_JOBS, seed=5)
    jobs["first_seen"] = date(2026, 11, 20)
    rng = np.random.default_rng(0)
    base = Profile(
        name="p0",
        titles=["Data Engineer", "Analytics Engineer"],
        seniority=["senior"],
        locations=["Berlin", "Remote"],
        must_have=["Python", "SQL"],
        nice_to_have=["dbt", "Kafka"],
        excluded=["PHP"],
        salary_floor=90000,
        salary_currency="EUR",
    )
    profiles = [base.model_copy(update={"name": f"p{i}"}) for i in range(SCORE_PROFILES)]
    cosines = {
        p.name: pd.Series(rng.uniform(0.0, 0.8, len(jobs)), index=jobs["job_id"].to_numpy()) for p in profiles
    }
    day = date(2026, 11, 21)
    start = time.perf_counter()
    score_jobs(profiles, jobs, cosines, day)
    cold = time.perf_counter() - start  # includes loading the city table and vocabularies once
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        scores = score_jobs(profiles, jobs, cosines, day)
        runs.append(time.perf_counter() - start)
    elapsed = float(np.median(runs))
    sample = scores.sample(200, random_state=0).to_dict("records")
    start = time.perf_counter()
    for row in sample:
        reasons(row)
    per_row_explanation = (time.perf_counter() - start) / len(sample)
    return {
        "jobs": SCORE_JOBS,
        "profiles": SCORE_PROFILES,
        "rows": len(scores),
        "seconds": round(elapsed, 2),
        "rows_per_s": round(len(scores) / elapsed),
        "first_call_in_process_s": round(cold, 2),
        "explanation_ms_per_row": round(per_row_explanation * 1000, 3),
    }
