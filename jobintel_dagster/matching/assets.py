"""``job_embeddings`` (date × provider), then per date ``job_index``, ``job_scores``, ``shortlist``.

Vectors live in the embedding cache (storage); ``job_embeddings`` fills it for each board's
postings, and the index looks every open job up there, so a job seen on earlier days is never
encoded again. Profiles are read on each run, so an edited profile takes effect at the next run.
"""

import time
from datetime import date, timedelta
from typing import Any

import pandas as pd
import pyarrow as pa
from dagster import (
    AssetDep,
    AssetExecutionContext,
    AssetsDefinition,
    FreshnessPolicy,
    MetadataValue,
    asset,
)

from jobintel_core.base.identity import records_hash
from jobintel_core.matching.embeddings.embedding_cache import (
    EMBEDDINGS_SCHEMA,
    INDEX_SCHEMA,
    EmbeddingCache,
    embed_frame,
    embed_texts,
    stack_vectors,
    vector_column,
)
from jobintel_core.matching.embeddings.embedding_text import embedding_text
from jobintel_core.matching.embeddings.vector_index import IndexPolicy, build_index, recall_at_k
from jobintel_core.matching.profiles.user_state import load_user_state
from jobintel_core.matching.scoring.currency import default_rates
from jobintel_core.matching.scoring.scorer import GAINS, PENALTIES, SCORES_SCHEMA, score_jobs
from jobintel_core.matching.scoring.shortlist import (
    SHORTLIST_SCHEMA,
    build_shortlist,
    score_diagnostics,
    shortlist_markdown,
)
from jobintel_core.storage.keys import user_state_key
from jobintel_core.storage.tables import frame_hash, frame_of
from jobintel_dagster.alerting.hooks import ASSET_HOOKS, SHORTLIST_HOOKS
from jobintel_dagster.lineage import column_schema, versioned_output
from jobintel_dagster.location import LocationContext
from jobintel_dagster.matching.checks import ALL_POSTINGS_EMBEDDED, all_embedded_result
from jobintel_dagster.matching.resources import EmbeddingModelResource, ProfilesResource
from jobintel_dagster.matching.sources import PROFILES_SOURCE, USER_STATE_SOURCE
from jobintel_dagster.partitions import split_partition_key
from jobintel_dagster.reproducibility import check_reproducible, reproducible_spec
from jobintel_dagster.storage.resources import StorageResource

_RECALL_QUERIES = 200


def profiles_hash(people: list) -> str:
    return records_hash([p.model_dump(mode="json") for p in people])


def _open_jobs(history: pd.DataFrame) -> pd.DataFrame:
    return history[history["status"] == "open"].reset_index(drop=True)


def build_matching_assets(context: LocationContext) -> list[AssetsDefinition]:
    partitions, registry, settings = context.partitions, context.registry, context.settings
    index_policy = IndexPolicy(settings.index_kind, settings.hnsw_from)
    scrape_mode = settings.scrape_mode

    @asset(
        partitions_def=partitions.daily_by_provider,
        group_name="matching",
        hooks=ASSET_HOOKS,
        code_version="3",  # 3: the embedding text is the role's duties and requirements only
        kinds={"pandas", "parquet"},
        metadata=column_schema(EMBEDDINGS_SCHEMA),
        check_specs=[ALL_POSTINGS_EMBEDDED],
    )
    def job_embeddings(
        context: AssetExecutionContext,
        jobs: pd.DataFrame,
        storage: StorageResource,
        embedding_model: EmbeddingModelResource,
    ):
        """MiniLM vectors of one board's postings; texts seen before come from the cache."""
        provider = registry.get(split_partition_key(context.partition_key)[1])
        encoder = embedding_model.get_encoder()
        cache = EmbeddingCache(storage.get_store(), encoder.model_id)
        frame, stats = embed_frame(jobs, encoder, cache, cap=embedding_model.max_new_embeddings)
        if stats.not_embedded_cap:
            context.log.warning(
                f"{stats.not_embedded_cap} postings not embedded: per-run cap "
                f"JOBINTEL_MAX_NEW_EMBEDDINGS={embedding_model.max_new_embeddings} reached"
            )
        # Dagster records which jobs materialization this was built from and its data version (the
        # jobs' content hash) with this one: the jobs are not hashed again here (~40 ms a board).
        yield versioned_output(
            frame,
            frame_hash(frame),
            {
                "provider": provider.key,
                "ats": provider.ats,
                "scrape_mode": provider.mode or scrape_mode,
                "dagster/row_count": len(frame),
                "model_id": encoder.model_id,
                "postings": stats.postings,
                "from_cache": stats.from_cache,
                "encoded": stats.encoded,
                "not_embedded_cap": stats.not_embedded_cap,
                "cap": embedding_model.max_new_embeddings,
            },
        )
        yield all_embedded_result(stats.not_embedded_cap)

    @asset(
        partitions_def=partitions.daily,
        group_name="matching",
        hooks=ASSET_HOOKS,
        code_version="2",  # 2: vectors fingerprinted by their bytes (storage.tables)
        kinds={"faiss", "parquet"},
        metadata=column_schema(INDEX_SCHEMA),
        deps=[AssetDep("job_embeddings")],  # the day's vectors are in the cache once these ran
        check_specs=[reproducible_spec("job_index")],
    )
    def job_index(
        context: AssetExecutionContext,
        job_history: pd.DataFrame,
        storage: StorageResource,
        embedding_model: EmbeddingModelResource,
    ):
        """Vectors of every open, de-duplicated job of the day (FAISS is built from them on load)."""
        open_jobs = _open_jobs(job_history)
        encoder = embedding_model.get_encoder()
        texts = {row["job_id"]: embedding_text(row) for row in open_jobs.to_dict("records")}
        vectors, _, stats = embed_texts(
            texts, encoder, EmbeddingCache(storage.get_store(), encoder.model_id), cap=0
        )
        present = {job_id: v for job_id, v in vectors.items() if v is not None}
        ids = sorted(present)
        matrix = stack_vectors(ids, present)
        input_hashes = {"job_history": frame_hash(job_history), "model": encoder.model_id}
        index_kind = index_policy.kind_for(len(ids))  # what search builds over this day's vectors
        metadata: dict[str, Any] = {
            "dagster/row_count": len(ids),
            "open_jobs": len(open_jobs),
            "missing_vectors": len(open_jobs) - len(ids),
            "index_kind": index_kind,
            "index_setting": f"{index_policy.setting} (HNSW from {index_policy.hnsw_from} vectors)",
            "input_hashes": input_hashes,
        }
        if index_kind != "exact" and ids:
            # An approximate index is built here only to record its recall; the exact one needs no
            # check, so a small day never loads faiss (whose native threads can abort an exiting
            # process on a loaded machine). The queries are a fixed sample: every n-th stored vector.
            queries = matrix[:: max(1, len(ids) // _RECALL_QUERIES)][:_RECALL_QUERIES]
            start = time.perf_counter()
            approximate = build_index(ids, matrix, index_kind)
            built = time.perf_counter() - start
            recall = recall_at_k(approximate, build_index(ids, matrix, "exact"), queries)
            metadata |= {
                "recall_at_10_vs_exact": recall,
                "recall_queries": len(queries),
                "hnsw_build_s": round(built, 2),
            }
            context.log.info(
                f"job_index: {index_kind} over {len(ids)} vectors, recall@10 vs exact {recall:.4f} on "
                f"{len(queries)} stored vectors as queries (graph built in {built:.1f} s)"
            )
        if stats.postings - len(ids):
            context.log.warning(f"{stats.postings - len(ids)} open jobs have no vector yet (embedding cap)")
        # Typed by the schema: an empty day must still give a list<float> column, not float64.
        frame = frame_of(
            pa.Table.from_arrays(
                [pa.array(ids, pa.string()), vector_column(list(matrix))], schema=INDEX_SCHEMA
            )
        )
        output_hash = frame_hash(frame)
        yield versioned_output(frame, output_hash, metadata)
        yield check_reproducible(context, "job_index", output_hash, input_hashes)

    @asset(
        partitions_def=partitions.daily,
        group_name="matching",
        hooks=ASSET_HOOKS,
        code_version="3",  # 3: Matching v3 (tracks, stance of exclusions, learned fusion weights)
        kinds={"pandas", "parquet"},
        metadata=column_schema(SCORES_SCHEMA),
        deps=[PROFILES_SOURCE],
        check_specs=[reproducible_spec("job_scores")],
    )
    def job_scores(
        context: AssetExecutionContext,
        job_history: pd.DataFrame,
        job_index: pd.DataFrame,
        storage: StorageResource,
        embedding_model: EmbeddingModelResource,
        profiles: ProfilesResource,
    ):
        """Every profile × open job: 0–100 score, each component's points and the facts behind them."""
        day = date.fromisoformat(context.partition_key)
        people = profiles.load()
        encoder = embedding_model.get_encoder()
        profile_vectors, _, _ = embed_texts(
            {p.name: p.embedding_text() for p in people},
            encoder,
            EmbeddingCache(storage.get_store(), encoder.model_id),
        )
        ids = list(job_index["job_id"])
        matrix = stack_vectors(ids, dict(zip(ids, job_index["vector"], strict=True)))
        # One BLAS call per profile; the scorer aligns the cosines with the jobs by job_id.
        cosines = {
            person.name: pd.Series(matrix @ profile_vectors[person.name], index=ids, dtype="float64")
            for person in people
        }
        rates = default_rates()
        scores = score_jobs(people, _open_jobs(job_history), cosines, day, rates)
        input_hashes = {
            "job_history": frame_hash(job_history),
            "job_index": frame_hash(job_index),
            "profiles": profiles_hash(people),
            "model": encoder.model_id,
            "exchange_rates": records_hash([rates.model_dump(mode="json")]),
        }
        output_hash = frame_hash(scores)
        yield versioned_output(
            scores,
            output_hash,
            {
                "dagster/row_count": len(scores),
                "profiles": [p.name for p in people],
                "points_gained": GAINS,
                "points_lost": PENALTIES,
                "exchange_rates_as_of": rates.as_of.isoformat(),
                "input_hashes": input_hashes,
            },
        )
        yield check_reproducible(context, "job_scores", output_hash, input_hashes)

    @asset(
        partitions_def=partitions.daily,
        group_name="matching",
        hooks=SHORTLIST_HOOKS,
        # Today's shortlist is late if not materialized within 26 h (warn after 25 h).
        freshness_policy=FreshnessPolicy.time_window(
            fail_window=timedelta(hours=26), warn_window=timedelta(hours=25)
        ),
        check_specs=[reproducible_spec("shortlist")],
        code_version="2",  # 2: withdrawn jobs and hidden companies are left out
        kinds={"pandas", "parquet"},
        metadata=column_schema(SHORTLIST_SCHEMA),
        deps=[PROFILES_SOURCE, USER_STATE_SOURCE],
    )
    def shortlist(
        context: AssetExecutionContext,
        job_scores: pd.DataFrame,
        storage: StorageResource,
        profiles: ProfilesResource,
    ):
        """Per profile: top-N at or above min_score, user state applied (see jobintel mark)."""
        day = date.fromisoformat(context.partition_key)
        people = profiles.load()
        store = storage.get_store()
        states = {p.name: load_user_state(store, p.name) for p in people}
        result = build_shortlist(job_scores, people, states, day)
        input_hashes = {
            "job_scores": frame_hash(job_scores),
            "profiles": profiles_hash(people),
            "user_state": records_hash([s.model_dump(mode="json") for s in states.values()]),
        }
        metadata = {"dagster/row_count": len(result), "input_hashes": input_hashes}
        for person in people:
            mine = job_scores[job_scores["profile"] == person.name]
            metadata[f"{person.name}_shortlist"] = MetadataValue.md(shortlist_markdown(result, person.name))
            metadata[f"{person.name}_diagnostics"] = MetadataValue.json(score_diagnostics(mine))
            metadata[f"{person.name}_new"] = int(
                result[(result.profile == person.name) & result.is_new].shape[0]
            )
        metadata["user_state_keys"] = [user_state_key(p.name) for p in people]
        output_hash = frame_hash(result)
        yield versioned_output(result, output_hash, metadata)
        yield check_reproducible(context, "shortlist", output_hash, input_hashes)

    return [job_embeddings, job_index, job_scores, shortlist]
