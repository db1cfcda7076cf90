"""``jobintel search``: semantic search over a day's index, optionally with a profile's scores."""

import argparse
from datetime import date

from jobintel_core.config.settings import load_settings
from jobintel_core.matching.embeddings.embedding_cache import EmbeddingCache, embed_texts, stack_vectors
from jobintel_core.matching.embeddings.encoder import default_model_path, load_encoder
from jobintel_core.matching.embeddings.vector_index import build_index
from jobintel_dagster.cli.common import configured_store, stored_table


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    store = configured_store()
    day, index_frame = stored_table(store, "job_index", date.fromisoformat(args.date) if args.date else None)
    _, history = stored_table(store, "job_history", day)
    if index_frame.empty:
        raise SystemExit(f"the index of {day} is empty")
    encoder = load_encoder(
        settings.model_path or str(default_model_path()),
        settings.embedding_backend,
        str(settings.model_cache_dir),
    )  # the backend the index was built with
    vectors, _, _ = embed_texts({"q": args.query}, encoder, EmbeddingCache(store, encoder.model_id))
    ids = list(index_frame["job_id"])
    index = build_index(
        ids, stack_vectors(ids, dict(zip(ids, index_frame["vector"], strict=True))), settings.index_kind
    )
    [hits] = index.search(vectors["q"][None, :], args.k)
    jobs = history.set_index("job_id")
    scores = None
    if args.profile:
        _, all_scores = stored_table(store, "job_scores", day)
        scores = all_scores[all_scores["profile"] == args.profile].set_index("job_id")
        if scores.empty:
            raise SystemExit(f"no scores for profile {args.profile!r} on {day}")
    print(f"Search {args.query!r} over {len(index_frame)} open jobs ({day}):")
    for rank, (job_id, cosine) in enumerate(hits, start=1):
        job = jobs.loc[job_id]
        extra = ""
        if scores is not None:
            row = scores.loc[job_id]
            extra = "  EXCLUDED" if row["excluded"] else f"  {args.profile} score {row['score']:.1f}"
        print(f"{rank:>3}. {cosine:.3f}  {job['title']} — {job['company']}{extra}")
        print(f"      {job['url']}")
    return 0
