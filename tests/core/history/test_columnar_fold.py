"""The columnar fold (``tracking.update_history`` / ``diff_history``) equals the row-by-row reference
(``reference.py``) on days built to hit every rule: aliases, duplicates across providers by URL and
by content, a job listed twice, reposts under new ids, two known jobs merged by one group, edits and
reverts, parser upgrades, closing after grace, reopening, a failed board, a suspicious drop, undated
postings. Rows, content hashes and statistics must be equal day after day, each fold carrying its
own history forward; the scenario also asserts that each rule did fire, so it cannot pass vacuously."""

import random
from datetime import UTC, date, datetime, timedelta

import pyarrow as pa
import pytest

from jobintel_core.config.registry import ProviderConfig
from jobintel_core.history import tracking
from jobintel_core.history.tracking import DropRule, diff_history, update_history
from jobintel_core.ingestion.ats.base import build_posting
from jobintel_core.ingestion.normalization.jobs_table import jobs_frame
from jobintel_core.storage.tables import frame_hash
from tests.core.history.reference import reference_diff_history, reference_update_history

A = ProviderConfig(key="alpha", company="Alpha", ats="lever", board="alpha")
B = ProviderConfig(key="beta", company="Beta", ats="ashby", board="beta")
C = ProviderConfig(key="gamma", company="Alpha", ats="greenhouse", board="alpha-eu")  # Alpha's 2nd board
FETCHED = datetime(2026, 1, 1, tzinfo=UTC)
DUTIES = "Own the {x} service end to end. Design schemas, review code, run the on-call rotation for {x}."


def post(provider, ext, title, text, *, url=None, posted=None, **kw):
    return build_posting(
        provider,
        external_id=ext,
        title=title,
        url=url or f"https://{provider.key}.example/jobs/{ext}",
        fetched_at=FETCHED,
        description_html=f"<p>{text}</p>",
        locations=kw.pop("locations", ["Berlin"]),
        posted_at=posted,
        **kw,
    )


def base_board(provider, seed):
    """12 distinct openings (enough for the suspicious-drop rule), some dated, some not."""
    rng = random.Random(seed)
    return {
        f"r{i}": post(
            provider,
            f"r{i}",
            f"Role {i} {provider.key}",
            DUTIES.format(x=f"{provider.key}-{i}"),
            posted=None if rng.random() < 0.3 else FETCHED - timedelta(days=rng.randint(0, 5)),
        )
        for i in range(12)
    }


def scenario(seed):
    """Eight days of (postings, fetched boards)."""
    rng = random.Random(seed)
    a, b, c = base_board(A, seed), base_board(B, seed + 1), base_board(C, seed + 2)
    shared_url = post(B, "x1", "Data Engineer", "Beta's own words for it.", url=a["r1"].url + "?utm_source=b")
    twin = post(C, "t2", a["r2"].title, a["r2"].description_text)  # same company, title, place, text
    twin_earlier = twin.model_copy(update={"posted_at": FETCHED - timedelta(days=9)})
    merger = post(C, "m6", a["r7"].title, a["r7"].description_text, url=a["r6"].url)  # r6's URL, r7's ad
    repost = post(A, "r3b", a["r3"].title, a["r3"].description_text)
    edited = post(A, "r4", a["r4"].title, a["r4"].description_text + " Also Kafka.")
    reparsed = a["r5"].model_copy(
        update={"parser_version": a["r5"].parser_version + 1, "content_hash": "f" * 16}
    )
    salary = post(A, "r9", a["r9"].title, a["r9"].description_text, department="Data")

    def noisy(board, keep=0.9, spare=("r0",)):
        return [p for key, p in board.items() if key in spare or rng.random() < keep]

    days = [
        ([*a.values(), *b.values(), *c.values(), shared_url], {"alpha", "beta", "gamma"}),
        ([*noisy(a), *b.values(), *noisy(c), shared_url, twin, twin_earlier], {"alpha", "beta", "gamma"}),
        # alpha fails: beta's copy of r1 alone still lands on r1's job by alias; r3 gone for good
        ([*noisy(b), shared_url, *c.values(), twin], {"beta", "gamma"}),
        ([p for k, p in a.items() if k not in ("r3", "r8")] + [edited, a["r5"]], {"alpha"}),
        (
            [p for k, p in a.items() if k not in ("r3", "r8", "r5")] + [reparsed, repost, merger],
            {"alpha", "gamma"},
        ),
        ([*a.values(), repost, merger, salary, *b.values()], {"alpha", "beta", "gamma"}),  # gamma empty
        ([*noisy(a, 0.7), a["r4"], *noisy(b, 0.3)], {"alpha", "beta", "gamma"}),  # r4 reverted
        ([*noisy(a), *noisy(b), *noisy(c)], {"alpha", "beta", "gamma"}),
    ]
    return days, {"r3": repost, "r6": a["r6"], "r7": a["r7"], "r8": a["r8"]}


def fold_both(seed):
    """Both folds over the scenario, compared day by day; what fired, for the coverage asserts."""
    days, named = scenario(seed)
    drops = DropRule(min_open=10, max_loss=0.5, confirmations=2)
    mine = ref = None
    totals: dict[str, int] = {"suspect_days": 0}
    kinds = set()
    for n, (postings, fetched) in enumerate(days, start=1):
        today, frame = date(2026, 1, n), jobs_frame(postings)
        # Odd days give the fold Arrow tables (as the asset reads them), even days pandas frames.
        arrow = n % 2 == 1
        new, stats = update_history(
            pa.Table.from_pandas(mine, preserve_index=False) if arrow and mine is not None else mine,
            pa.Table.from_pandas(frame, preserve_index=False) if arrow else frame,
            fetched,
            today,
            grace=2,
            drops=drops,
        )
        expected, expected_stats = reference_update_history(ref, frame, fetched, today, grace=2, drops=drops)
        assert frame_hash(new) == frame_hash(expected), f"day {n}: history differs"
        assert stats.as_metadata() == expected_stats.as_metadata(), f"day {n}"
        changes = diff_history(mine, new, today)
        assert frame_hash(changes) == frame_hash(reference_diff_history(ref, expected, today)), f"day {n}"
        kinds |= set(changes["change"])
        for key, value in stats.as_metadata().items():
            if isinstance(value, int):
                totals[key] = totals.get(key, 0) + value
        totals["suspect_days"] += bool(stats.suspect_drops)
        mine, ref = new, expected
    return mine, named, totals, kinds


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_columnar_fold_equals_the_row_by_row_reference(seed):
    history, named, totals, kinds = fold_both(seed)
    # Every rule fired at least once in the scenario, so the equality covered it.
    assert kinds == {"new", "changed", "closed", "reopened"}
    assert totals["merged_reposts"] and totals["duplicates_absorbed"] and totals["suspect_days"]
    assert totals["closed"] and totals["reopened"]
    ids = set(history["job_id"])
    assert named["r3"].job_id not in ids  # the repost continued r3's job
    # r6 and r7 (both first seen on day 1) became one job, kept under the smaller id
    kept, merged = sorted([named["r6"].job_id, named["r7"].job_id])
    absorbed = dict(zip(history["job_id"], history["absorbed_ids"], strict=True))
    assert merged not in ids and merged in absorbed[kept]


@pytest.mark.parametrize(
    "broken",
    [
        ("similar_descriptions", lambda a, b, threshold=92.0: False),  # no repost matching
        ("DEFAULT_GRACE_FETCHES", 2),  # a harmless change: must stay equal (control)
    ],
)
def test_a_broken_rule_in_the_columnar_fold_is_caught(monkeypatch, broken):
    """The comparison is sensitive: the columnar fold with repost matching switched off differs from
    the reference on the scenario (and the control, changing nothing that matters, does not)."""
    name, value = broken
    monkeypatch.setattr(tracking, name, value)
    if name == "DEFAULT_GRACE_FETCHES":
        fold_both(1)
    else:
        with pytest.raises(AssertionError, match="history differs"):
            fold_both(1)
