"""``jobintel search``: semantic search over a day's index, optionally with a profile's scores."""

import argparse

from jobintel_core.config.settings import load_settings
from jobintel_core.matching.embeddings.encoder import default_model_path, load_encoder
from jobintel_core.matching.embeddings.search import load_index, search_index
from jobintel_core.matching.embeddings.vector_index import IndexPolicy
from jobintel_dagster.cli.common import configured_store, stored_day, stored_table
from jobintel_dagster.cli.exit_codes import CommandFailed, ExitCode


def run(args: argparse.Namespace) -> int:
    settings = load_settings()
    store = configured_store()
    day = stored_day(store, "job_index", args.date)
    _, history = stored_table(store, "job_history", day)
    index = load_index(store, day, IndexPolicy(settings.index_kind, settings.approximate_from))
    if not index.ids:
        raise CommandFailed(ExitCode.INVALID_INPUT, f"the index of {day} is empty")
    encoder = load_encoder(
        settings.model_path or str(default_model_path()),
        settings.embedding_backend,
        str(settings.model_cache_dir),
    )  # the backend the index was built with
    hits = search_index(index, args.query, encoder, args.k)
    jobs = history.set_index("job_id")
    scores = None
    if args.profile:
        _, all_scores = stored_table(store, "job_scores", day)
        scores = all_scores[all_scores["profile"] == args.profile].set_index("job_id")
        if scores.empty:
            raise CommandFailed(ExitCode.INVALID_INPUT, f"no scores for profile {args.profile!r} on {day}")
    print(f"Search {args.query!r} over {len(index.ids)} open jobs ({day}):")
    for rank, (job_id, cosine) in enumerate(hits, start=1):
        job = jobs.loc[job_id]
        extra = ""
        if scores is not None:
            row = scores.loc[job_id]
            extra = "  EXCLUDED" if row["excluded"] else f"  {args.profile} score {row['score']:.1f}"
        print(f"{rank:>3}. {cosine:.3f}  {job['title']} — {job['company']}{extra}")
        print(f"      {job['url']}")
    return ExitCode.OK
