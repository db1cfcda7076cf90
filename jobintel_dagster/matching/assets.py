"""``job_embeddings`` (date × provider), then per date ``job_index``, ``job_scores``, ``shortlist``.

Vectors live in the embedding cache (storage); ``job_embeddings`` fills it for each board's
postings, and the index looks every open job up there, so a job seen on earlier days is never
encoded again. Profiles are read on each run, so an edited profile takes effect at the next run.
"""

import time
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from dagster import (
    AssetDep,
    AssetExecutionContext,
    AssetIn,
    AssetsDefinition,
    FreshnessPolicy,
    MetadataValue,
    asset,
)

from jobintel_core.base.identity import records_hash
from jobintel_core.feedback.blend import BLENDED_SHORTLIST_SCHEMA, blended_shortlist, reranked_scores
from jobintel_core.feedback.training import models_from_table
from jobintel_core.matching.embeddings.embedding_cache import (
    EMBEDDINGS_SCHEMA,
    INDEX_SCHEMA,
    EmbeddingCache,
    EmbeddingStats,
    embed_frame,
    embed_texts,
    matrix_column,
    stack_vectors,
    vector_matrix,
)
from jobintel_core.matching.embeddings.embedding_text import embedding_text
from jobintel_core.matching.embeddings.encoder import TextEncoder
from jobintel_core.matching.embeddings.search import drop_stored_index, store_index
from jobintel_core.matching.embeddings.vector_index import (
    IndexPolicy,
    build_index,
    exact_hits,
    overlap_recall,
    tune_probes,
)
from jobintel_core.matching.profiles.user_state import load_user_state
from jobintel_core.matching.scoring.currency import default_rates
from jobintel_core.matching.scoring.job_features import SCORED_COLUMNS
from jobintel_core.matching.scoring.scorer import GAINS, PENALTIES, SCORES_SCHEMA, score_table
from jobintel_core.matching.scoring.shortlist import score_diagnostics, shortlist_markdown
from jobintel_core.storage.keys import table_key, user_state_key
from jobintel_core.storage.objects import ObjectStore
from jobintel_core.storage.tables import frame_hash, frame_of, table_from_parquet, table_hash
from jobintel_dagster.alerting.hooks import ASSET_HOOKS, SHORTLIST_HOOKS
from jobintel_dagster.lineage import column_schema, recorded_content_hash, versioned_output
from jobintel_dagster.location import LocationContext
from jobintel_dagster.matching.checks import ALL_POSTINGS_EMBEDDED, all_embedded_result
from jobintel_dagster.matching.resources import EmbeddingModelResource, ProfilesResource
from jobintel_dagster.matching.sources import PROFILES_SOURCE, USER_STATE_SOURCE
from jobintel_dagster.partitions import split_partition_key
from jobintel_dagster.reproducibility import check_reproducible, reproducible_spec
from jobintel_dagster.storage.io_managers import ARROW_COLUMNS
from jobintel_dagster.storage.resources import StorageResource

_RECALL_QUERIES = 200


def profiles_hash(people: list) -> str:
    return records_hash([p.model_dump(mode="json") for p in people])


# What ``embedding_text`` reads of a job: dicts of these, not of the history's ~45 columns.
_TEXT_COLUMNS = ["job_id", "title", "company", "locations", "workplace_type", "description_text"]
_TEXT_BATCH = 4096  # rows turned into Python dicts at a time
# The steps read only these columns of their stored inputs, as Arrow (``ARROW_COLUMNS``): the day's
# whole history as pandas, and its open rows copied, were most of their peak at 2,000 boards.
_INDEX_HISTORY = AssetIn("job_history", metadata={ARROW_COLUMNS: ["status", *_TEXT_COLUMNS]})
_SCORES_HISTORY = AssetIn("job_history", metadata={ARROW_COLUMNS: ["status", *SCORED_COLUMNS]})
_SCORES_INDEX = AssetIn("job_index", metadata={ARROW_COLUMNS: INDEX_SCHEMA.names})


def _input_hash(context: AssetExecutionContext, store: ObjectStore, asset: str) -> str:
    """An input's version as its materialization recorded it. Without one, the stored table's hash:
    the whole table, since the step holds only some of its columns."""
    return recorded_content_hash(context.instance, asset, context.partition_key) or table_hash(
        table_from_parquet(store.get(table_key(asset, context.partition_key)))
    )


def _open_jobs(history: pa.Table) -> pa.Table:
    return history.filter(pc.equal(history.column("status"), "open"))


def _day_vectors(
    open_jobs: pa.Table, encoder: TextEncoder, store: ObjectStore
) -> tuple[list[str], np.ndarray, EmbeddingStats]:
    """The open jobs' ids that have a vector (sorted) and their vectors as one float32 matrix. The
    texts and the cache's shards they were looked up in are dropped on return."""
    texts = {
        row["job_id"]: embedding_text(row)
        for batch in open_jobs.select(_TEXT_COLUMNS).to_batches(max_chunksize=_TEXT_BATCH)
        for row in batch.to_pylist()
    }
    vectors, _, stats = embed_texts(texts, encoder, EmbeddingCache(store, encoder.model_id), cap=0)
    present = {job_id: v for job_id, v in vectors.items() if v is not None}
    ids = sorted(present)
    return ids, stack_vectors(ids, present), stats


def build_matching_assets(context: LocationContext) -> list[AssetsDefinition]:
    partitions, registry, settings = context.partitions, context.registry, context.settings
    index_policy = IndexPolicy(settings.index_kind, settings.approximate_from)
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
        code_version="3",  # 3: IVF from the size setting on, the index stored beside the table
        kinds={"faiss", "parquet"},
        metadata=column_schema(INDEX_SCHEMA),
        deps=[AssetDep("job_embeddings")],  # the day's vectors are in the cache once these ran
        ins={"job_history": _INDEX_HISTORY},
        check_specs=[reproducible_spec("job_index")],
    )
    def job_index(
        context: AssetExecutionContext,
        job_history: pa.Table,
        storage: StorageResource,
        embedding_model: EmbeddingModelResource,
    ):
        """Vectors of every open, de-duplicated job of the day; from the size setting on, also the
        approximate index search loads (``job_index/<day>.faiss``), with its measured recall."""
        open_jobs = _open_jobs(job_history)
        encoder = embedding_model.get_encoder()
        store = storage.get_store()
        ids, matrix, stats = _day_vectors(open_jobs, encoder, store)
        input_hashes = {"job_history": _input_hash(context, store, "job_history"), "model": encoder.model_id}
        index_kind = index_policy.kind_for(len(ids))  # what search uses over this day's vectors
        metadata: dict[str, Any] = {
            "dagster/row_count": len(ids),
            "open_jobs": open_jobs.num_rows,
            "missing_vectors": open_jobs.num_rows - len(ids),
            "index_kind": index_kind,
            "index_setting": f"{index_policy.setting} (approximate from {index_policy.approximate_from} vectors)",
            "input_hashes": input_hashes,
        }
        # Typed by the schema: an empty day must still give a list<float> column, not float64.
        table = pa.Table.from_arrays([pa.array(ids, pa.string()), matrix_column(matrix)], schema=INDEX_SCHEMA)
        output_hash = table_hash(table)  # the ids and vectors: the same whichever index is stored
        day = date.fromisoformat(context.partition_key)
        if index_kind == "exact" or not ids:
            # An exact day stores no index (search copies the table's vectors) and never loads
            # faiss here (whose native threads can abort an exiting process on a loaded machine).
            drop_stored_index(store, day)
        else:
            # Recall against exact search on a fixed sample: every n-th stored vector as a query.
            queries = matrix[:: max(1, len(ids) // _RECALL_QUERIES)][:_RECALL_QUERIES]
            start = time.perf_counter()
            index = build_index(ids, matrix, index_kind)
            built = time.perf_counter() - start
            truth = exact_hits(ids, matrix, queries)
            if index_kind == "ivf":  # the fewest probes that reach the target on this day's vectors
                recall = list(tune_probes(index, truth, queries).values())[-1]
            else:
                recall = overlap_recall(truth, index.search(queries, 10))
            manifest = store_index(
                store,
                day,
                index,
                {"table_hash": output_hash, "recall_at_10_vs_exact": recall, "recall_queries": len(queries)},
            )
            metadata |= {
                "recall_at_10_vs_exact": recall,
                "recall_queries": len(queries),
                "index_build_s": round(built, 2),
                "index_parameters": index.parameters(),
                "index_bytes": manifest["bytes"],
                "index_sha256": manifest["sha256"],
            }
            context.log.info(
                f"job_index: {index_kind} {index.parameters()} over {len(ids)} vectors, recall@10 vs "
                f"exact {recall:.4f} on {len(queries)} stored vectors as queries (built in {built:.1f} s)"
            )
        if stats.postings - len(ids):
            context.log.warning(f"{stats.postings - len(ids)} open jobs have no vector yet (embedding cap)")
        yield versioned_output(table, output_hash, metadata)
        yield check_reproducible(context, "job_index", output_hash, input_hashes)

    @asset(
        partitions_def=partitions.daily,
        group_name="matching",
        hooks=ASSET_HOOKS,
        code_version="3",  # 3: Matching v3 (tracks, stance of exclusions, learned fusion weights)
        kinds={"pandas", "parquet"},
        metadata=column_schema(SCORES_SCHEMA),
        deps=[PROFILES_SOURCE],
        ins={"job_history": _SCORES_HISTORY, "job_index": _SCORES_INDEX},
        check_specs=[reproducible_spec("job_scores")],
    )
    def job_scores(
        context: AssetExecutionContext,
        job_history: pa.Table,
        job_index: pa.Table,
        storage: StorageResource,
        embedding_model: EmbeddingModelResource,
        profiles: ProfilesResource,
    ):
        """Every profile × open job: 0–100 score, each component's points and the facts behind them."""
        day = date.fromisoformat(context.partition_key)
        people = profiles.load()
        encoder = embedding_model.get_encoder()
        store = storage.get_store()
        profile_vectors, _, _ = embed_texts(
            {p.name: p.embedding_text() for p in people}, encoder, EmbeddingCache(store, encoder.model_id)
        )
        ids = job_index.column("job_id").to_pylist()
        matrix = vector_matrix(job_index.column("vector"))  # float32, over the table's own buffer
        # One BLAS call per profile; the scorer aligns the cosines with the jobs by job_id.
        cosines = {
            person.name: pd.Series(matrix @ profile_vectors[person.name], index=ids, dtype="float64")
            for person in people
        }
        rates = default_rates()
        scores = score_table(people, frame_of(_open_jobs(job_history)), cosines, day, rates)
        input_hashes = {
            "job_history": _input_hash(context, store, "job_history"),
            "job_index": _input_hash(context, store, "job_index"),
            "profiles": profiles_hash(people),
            "model": encoder.model_id,
            "exchange_rates": records_hash([rates.model_dump(mode="json")]),
        }
        output_hash = table_hash(scores)
        yield versioned_output(
            scores,
            output_hash,
            {
                "dagster/row_count": scores.num_rows,
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
        code_version="3",  # 3: blended with the preference model, one exploration slot (feedback)
        kinds={"pandas", "parquet"},
        metadata=column_schema(BLENDED_SHORTLIST_SCHEMA),
        deps=[PROFILES_SOURCE, USER_STATE_SOURCE],
    )
    def shortlist(
        context: AssetExecutionContext,
        job_scores: pd.DataFrame,
        preference_model: pd.DataFrame,
        storage: StorageResource,
        profiles: ProfilesResource,
    ):
        """Per profile: top-N at or above min_score, user state applied (see jobintel mark), the rule
        score blended with the profile's preference model (docs/feedback.md)."""
        day = date.fromisoformat(context.partition_key)
        people = profiles.load()
        store = storage.get_store()
        states = {p.name: load_user_state(store, p.name) for p in people}
        models = models_from_table(preference_model)
        result = blended_shortlist(
            reranked_scores(job_scores, people, states, models, day), people, states, day
        )
        input_hashes = {
            "job_scores": frame_hash(job_scores),
            "preference_model": frame_hash(preference_model),
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
            metadata[f"{person.name}_explored"] = int(
                result[(result.profile == person.name) & result.explore].shape[0]
            )
        metadata["user_state_keys"] = [user_state_key(p.name) for p in people]
        output_hash = frame_hash(result)
        yield versioned_output(result, output_hash, metadata)
        yield check_reproducible(context, "shortlist", output_hash, input_hashes)

    return [job_embeddings, job_index, job_scores, shortlist]
