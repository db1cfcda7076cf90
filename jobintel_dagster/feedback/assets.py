"""Per date: ``ratings`` and ``outcomes`` (the events up to the date, for the warehouse),
``preference_model`` (each profile's, fit on the events before the date) and ``impressions`` (what
the blended ``shortlist`` and today's batch showed, with propensities). The shortlist itself stays
in matching (``matching.assets``) and reads ``preference_model``.

Personal data: the assets' metadata and logs hold counts, hashes and the names of skipped lines'
fields, never a rating, a comment or a reason built from them (docs/feedback.md).
"""

from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

import pandas as pd
import pyarrow as pa
from dagster import AssetCheckSpec, AssetDep, AssetExecutionContext, AssetsDefinition, asset

from jobintel_core.base.identity import records_hash
from jobintel_core.feedback.blend import IMPRESSIONS_SCHEMA, impressions_table, reranked_scores
from jobintel_core.feedback.events import (
    OUTCOMES_SCHEMA,
    RATINGS_SCHEMA,
    EventLog,
    outcomes_table,
    ratings_table,
    read_outcomes,
    read_ratings,
)
from jobintel_core.feedback.training import (
    PREFERENCE_SCHEMA,
    fit_profile,
    model_through,
    models_from_table,
    preference_table,
)
from jobintel_core.matching.profiles.user_state import load_user_state
from jobintel_core.storage.keys import stored_dates
from jobintel_core.storage.objects import ObjectStore
from jobintel_core.storage.tables import frame_hash, read_table
from jobintel_dagster.alerting.hooks import ASSET_HOOKS
from jobintel_dagster.feedback.checks import events_readable_result, events_readable_spec
from jobintel_dagster.lineage import column_schema, versioned_output
from jobintel_dagster.location import LocationContext
from jobintel_dagster.matching.assets import profiles_hash
from jobintel_dagster.matching.resources import ProfilesResource
from jobintel_dagster.matching.sources import PROFILES_SOURCE, USER_STATE_SOURCE
from jobintel_dagster.partitions import JobIntelPartitions
from jobintel_dagster.reproducibility import check_reproducible, reproducible_spec
from jobintel_dagster.storage.resources import StorageResource

GROUP = "feedback"


def events_hash(log: EventLog, through: date) -> str:
    """The fingerprint of a log's events on or before ``through`` (what a model of the next day read)."""
    return records_hash([e.model_dump(mode="json") for e in log.events if e.on <= through])


def _warn_problems(context: AssetExecutionContext, logs: dict[str, EventLog], kind: str) -> None:
    for name in sorted(logs):
        for problem in logs[name].problems:
            context.log.warning(f"{kind} of {name}: skipped {problem}")


def _daily_asset(
    partitions: JobIntelPartitions, schema: pa.Schema, check: AssetCheckSpec, **kwargs: Any
) -> Callable[..., AssetsDefinition]:
    """The ``@asset`` every feedback asset shares: a daily parquet table with its column schema,
    read after the profiles and user state, with one check; ``kwargs`` add or override."""
    options: dict[str, Any] = {"deps": [PROFILES_SOURCE, USER_STATE_SOURCE], **kwargs}
    return asset(
        partitions_def=partitions.daily,
        group_name=GROUP,
        hooks=ASSET_HOOKS,
        code_version="1",
        kinds={"pandas", "parquet"},
        metadata=column_schema(schema),
        check_specs=[check],
        **options,
    )


def _events_asset(
    partitions: JobIntelPartitions,
    kind: str,
    schema: pa.Schema,
    read: Callable[[ObjectStore, str], EventLog[Any]],
    to_table: Callable[[dict[str, EventLog[Any]], date], pd.DataFrame],
    description: str,
) -> AssetsDefinition:
    """The export of one kind of event (``ratings``, ``outcomes``): every profile's events dated up
    to the partition's date, counted per profile, with the check that every line was readable."""

    @_daily_asset(partitions, schema, events_readable_spec(kind), name=kind, description=description)
    def events(context: AssetExecutionContext, storage: StorageResource, profiles: ProfilesResource):
        day = date.fromisoformat(context.partition_key)
        store = storage.get_store()
        logs = {p.name: read(store, p.name) for p in profiles.load()}
        _warn_problems(context, logs, kind)
        table = to_table(logs, day)
        counts = {name: int((table["profile"] == name).sum()) for name in sorted(logs)}
        yield versioned_output(table, frame_hash(table), {"dagster/row_count": len(table), kind: counts})
        yield events_readable_result(kind, logs)

    return events


def build_feedback_assets(context: LocationContext) -> list[AssetsDefinition]:
    partitions = context.partitions
    ratings = _events_asset(
        partitions,
        "ratings",
        RATINGS_SCHEMA,
        read_ratings,
        ratings_table,
        "Every profile's ratings dated up to the partition's date (stars and sub-ratings; whether\n"
        "there is a comment, not its text), read from the ratings logs, for the warehouse.",
    )
    outcomes = _events_asset(
        partitions,
        "outcomes",
        OUTCOMES_SCHEMA,
        read_outcomes,
        outcomes_table,
        "Every profile's outcomes (the tracker's stage changes from applied on) dated up to the\n"
        "partition's date, for the warehouse's funnel.",
    )

    @_daily_asset(
        partitions,
        PREFERENCE_SCHEMA,
        reproducible_spec("preference_model"),
        # Features come from earlier days' job_scores (read from storage: the latest day on or
        # before each label's date), never the day's own. Depending on the day's own orders the
        # model after that day's scoring, and so after the earlier days' (history folds days in
        # order); the exact dependency, the previous day's partition, made Dagster's asset backfill
        # launch the shortlist before its model (tests/dagster/automation/test_ui_backfills.py).
        deps=[PROFILES_SOURCE, USER_STATE_SOURCE, AssetDep("job_scores")],
    )
    def preference_model(
        context: AssetExecutionContext, storage: StorageResource, profiles: ProfilesResource
    ):
        """Each profile's preference posterior, fit on its ratings and outcomes dated before the
        partition's date, over the features of the rated jobs as they were scored then."""
        day = date.fromisoformat(context.partition_key)
        through = model_through(day)
        store = storage.get_store()
        people = profiles.load()
        dates = [d for d in stored_dates(store, "job_scores") if d <= through]
        load = cache(lambda d: read_table(store, "job_scores", d.isoformat()))
        models, labels, unmatched, read = [], {}, {}, set()
        input_hashes = {"profiles": profiles_hash(people)}
        for person in people:
            ratings_log, outcomes_log = read_ratings(store, person.name), read_outcomes(store, person.name)
            _warn_problems(context, {person.name: ratings_log}, "ratings")
            _warn_problems(context, {person.name: outcomes_log}, "outcomes")
            model, features, dates_read = fit_profile(
                person.name, ratings_log, outcomes_log, day, dates, load
            )
            models.append(model)
            labels[person.name], unmatched[person.name] = model.n_labels, model.n_unmatched
            read |= set(dates_read)
            input_hashes[f"{person.name}_ratings"] = events_hash(ratings_log, through)
            input_hashes[f"{person.name}_outcomes"] = events_hash(outcomes_log, through)
            input_hashes[f"{person.name}_features"] = frame_hash(features)
        table = preference_table(models)
        output_hash = frame_hash(table)
        yield versioned_output(
            table,
            output_hash,
            {
                "dagster/row_count": len(table),
                "through": through.isoformat(),
                "labels": labels,
                "labels_without_features": unmatched,
                "job_scores_dates_read": [d.isoformat() for d in sorted(read)],
                "prior_version": models[0].prior_version if models else "",
                "input_hashes": input_hashes,
            },
        )
        yield check_reproducible(context, "preference_model", output_hash, input_hashes)

    @_daily_asset(partitions, IMPRESSIONS_SCHEMA, reproducible_spec("impressions"))
    def impressions(
        context: AssetExecutionContext,
        job_scores: pd.DataFrame,
        preference_model: pd.DataFrame,
        shortlist: pd.DataFrame,
        storage: StorageResource,
        profiles: ProfilesResource,
    ):
        """Per profile: the shortlist's candidates with their propensities, the shown ones with rank
        and features, and today's batch to rate (its exploration slot marked): the policy's log."""
        day = date.fromisoformat(context.partition_key)
        store = storage.get_store()
        people = profiles.load()
        states = {p.name: load_user_state(store, p.name) for p in people}
        rated = {
            p.name: sorted({r.job_id for r in read_ratings(store, p.name).events if r.on < day})
            for p in people
        }
        reranked = reranked_scores(job_scores, people, states, models_from_table(preference_model), day)
        table = impressions_table(reranked, shortlist, people, states, rated, day)
        input_hashes = {
            "job_scores": frame_hash(job_scores),
            "preference_model": frame_hash(preference_model),
            "shortlist": frame_hash(shortlist),
            "profiles": profiles_hash(people),
            "user_state": records_hash([s.model_dump(mode="json") for s in states.values()]),
            "rated": records_hash([rated]),
        }
        shown = table[table["rank"].notna()]
        output_hash = frame_hash(table)
        yield versioned_output(
            table,
            output_hash,
            {
                "dagster/row_count": len(table),
                "shown": {s: int((shown["surface"] == s).sum()) for s in sorted(set(table["surface"]))},
                "explored": int(shown["explore"].sum()),
                "input_hashes": input_hashes,
            },
        )
        yield check_reproducible(context, "impressions", output_hash, input_hashes)

    return [ratings, outcomes, preference_model, impressions]
