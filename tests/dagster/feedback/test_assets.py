"""The feedback assets over real runs: ratings made on a day move the next day's shortlist (one
exploration slot, the reasons beside it), a profile without ratings keeps the rule score's list,
a malformed stored line is skipped and named, rematerializing and ``replay`` reproduce every hash,
and no rating or comment reaches the instance's event log."""

from datetime import date
from pathlib import Path

import pytest
import yaml
from dagster import DagsterInstance, materialize, serialize_value

from jobintel_core.feedback.events import Outcome, Rating, record_outcome, record_rating
from jobintel_core.storage.keys import ratings_log_key
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.storage.tables import read_table
from jobintel_dagster.lineage import last_materialization_metadata
from jobintel_dagster.runs.day import run_day
from jobintel_dagster.runs.replay import replay_date
from tests.conftest import make_workspace

FIRST, NEXT = date(2026, 11, 17), date(2026, 11, 18)
COMMENT = "the hiring manager sounded unkind"
FEEDBACK = ["ratings", "outcomes", "preference_model", "shortlist", "impressions"]


def write_profile(folder: Path, name: str, **fields) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.yaml").write_text(yaml.safe_dump(fields))


@pytest.fixture(scope="module")
def rated(tmp_path_factory):
    """Two boards; dana rates her first day's shortlist (and applies to one job), sam rates nothing."""
    root = tmp_path_factory.mktemp("feedback")
    for name, title in (("dana", "Data Engineer"), ("sam", "Machine Learning Engineer")):
        write_profile(root / "profiles", name, titles=[title], shortlist={"min_score": 5, "top_n": 15})
    ws = make_workspace(root, providers=["northwind", "tidal-energy"], profiles_dir=root / "profiles")
    defs, instance = ws.definitions(), DagsterInstance.ephemeral()
    assert run_day(defs, instance, FIRST, log_level="ERROR").ok
    store = LocalObjectStore(ws.settings.storage_url)
    first = read_table(store, "shortlist", FIRST.isoformat())
    dana = first[first.profile == "dana"].reset_index(drop=True)
    liked = dana.iloc[-1]["company"]  # her favourite company is at the bottom of today's list
    for row in dana.itertuples():
        stars = 5 if row.company == liked else 1
        record_rating(
            store, Rating(profile="dana", job_id=row.job_id, stars=stars, comment=COMMENT, on=FIRST)
        )
    record_outcome(store, Outcome(profile="dana", job_id=dana.iloc[-1]["job_id"], stage="applied", on=FIRST))
    key = ratings_log_key("dana")
    store.put(key, store.get(key) + b'{"profile": "dana", "stars": 5}\n')  # a malformed line, last
    assert run_day(defs, instance, NEXT, log_level="ERROR").ok
    return ws, defs, instance, store, liked, len(dana)


def test_ratings_move_the_next_days_shortlist(rated):
    _, _, _, store, liked, n_rated = rated
    models = read_table(store, "preference_model", NEXT.isoformat()).set_index("profile")
    assert models.loc["dana", "n_labels"] == n_rated and models.loc["sam", "n_labels"] == 0
    assert read_table(store, "preference_model", FIRST.isoformat())["n_labels"].tolist() == [0, 0]
    shortlist = read_table(store, "shortlist", NEXT.isoformat())
    dana = shortlist[shortlist.profile == "dana"]
    assert (dana["preference_points"] != 0).any() and dana["explore"].sum() == 1
    points = dana.groupby(dana.company == liked)["preference_points"].mean()
    assert points[True] > 0 > points[False]  # toward the company rated ★★★★★, away from the ★ ones
    assert any(r for r in dana["preference_reasons"])
    # sam rated nothing: the rule score's order and scores, nothing explored
    sam = shortlist[shortlist.profile == "sam"]
    assert (sam["score"] == sam["rule_score"]).all() and not sam["explore"].any()
    assert sam["rank"].tolist() == list(range(1, len(sam) + 1))
    scores = read_table(store, "job_scores", NEXT.isoformat())
    rule_order = scores[(scores.profile == "sam") & ~scores.excluded & (scores.score >= 5)]["job_id"].head(15)
    assert sam["job_id"].tolist() == rule_order.tolist()


def test_the_exports_and_the_malformed_line(rated):
    _, _, instance, store, _, n_rated = rated
    ratings = read_table(store, "ratings", NEXT.isoformat())
    assert len(ratings) == n_rated and ratings["has_comment"].all() and "comment" not in ratings
    assert read_table(store, "outcomes", NEXT.isoformat())["stage"].tolist() == ["applied"]
    meta = last_materialization_metadata(instance, "ratings", NEXT.isoformat())
    assert meta["ratings"] == {"dana": n_rated, "sam": 0}
    logs = [serialize_value(e) for run in instance.get_runs() for e in instance.all_logs(run.run_id)]
    uri = store.uri(ratings_log_key("dana"))
    assert any(f"{uri}:{n_rated + 1}: job_id: Field required" in entry for entry in logs)


def test_rematerializing_and_replay_reproduce_the_hashes(rated):
    _, defs, instance, store, _, _ = rated
    day = NEXT.isoformat()
    before = {a: last_materialization_metadata(instance, a, day)["content_hash"] for a in FEEDBACK}
    again = materialize(
        list(defs.assets),
        resources=dict(defs.resources),
        partition_key=day,
        selection=FEEDBACK,
        instance=instance,
    )
    after = {
        e.asset_key.path[-1]: e.materialization.metadata["content_hash"].value
        for e in again.get_asset_materialization_events()
    }
    assert after == before
    lines = {line.asset: line for line in replay_date(defs, instance, store, NEXT)}
    for asset in FEEDBACK:
        assert lines[asset].equal, (asset, lines[asset].recorded, lines[asset].replayed)


def test_no_rating_and_no_comment_in_the_event_log(rated):
    _, _, instance, _, _, _ = rated
    logs = "\n".join(serialize_value(e) for run in instance.get_runs() for e in instance.all_logs(run.run_id))
    assert COMMENT not in logs and "rated ★" not in logs and "you rated" not in logs
