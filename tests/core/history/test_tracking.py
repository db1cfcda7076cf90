"""History rules on small hand-made days: closing, blocked days, reopening, reposts, changes."""

from datetime import UTC, date, datetime

from jobintel_core.config.registry import ProviderConfig
from jobintel_core.history.tracking import DropRule, diff_history, update_history
from jobintel_core.ingestion.ats.base import build_posting
from jobintel_core.ingestion.normalization.jobs_table import jobs_frame
from jobintel_core.storage.tables import frame_hash

A = ProviderConfig(key="alpha", company="Alpha", ats="lever", board="alpha")
B = ProviderConfig(key="beta", company="Beta", ats="ashby", board="beta")
FETCHED = datetime(2026, 1, 1, tzinfo=UTC)


def post(provider, ext, title="Data Engineer", text="Build pipelines with Python and SQL.", **kw):
    return build_posting(
        provider,
        external_id=ext,
        title=title,
        url=f"https://{provider.key}.example/{ext}",
        fetched_at=FETCHED,
        description_html=f"<p>{text}</p>",
        locations=["Berlin"],
        **kw,
    )


def day(n):
    return date(2026, 1, n)


def run(days):
    """days: list of (postings, fetched providers). Returns list of (history, changes)."""
    history, out = None, []
    for n, (postings, fetched) in enumerate(days, start=1):
        new, _ = update_history(history, jobs_frame(postings), fetched, day(n), grace=2)
        out.append((new, diff_history(history, new, day(n))))
        history = new
    return out


def row(history, job_id):
    return history.set_index("job_id").loc[job_id]


def changes(result):
    return sorted(zip(result["change"], result["title"], strict=True))


def test_closed_only_after_grace_successful_fetches_and_reopened_intact():
    keep, go = post(A, "1", "Keeper"), post(A, "2", "Leaver")
    results = run(
        [([keep, go], {"alpha"}), ([keep], {"alpha"}), ([keep], {"alpha"}), ([keep, go], {"alpha"})]
    )
    h2, h3, h4 = results[1][0], results[2][0], results[3][0]
    assert row(h2, go.job_id)["status"] == "open" and row(h2, go.job_id)["missed_fetches"] == 1
    assert row(h3, go.job_id)["status"] == "closed" and row(h3, go.job_id)["closed_on"] == day(3)
    assert changes(results[2][1]) == [("closed", "Leaver")]
    reopened = row(h4, go.job_id)
    assert (reopened["status"], reopened["closed_on"], reopened["reopened_count"]) == ("open", None, 1)
    assert reopened["first_seen"] == day(1) and reopened["days_active"] == 2
    assert changes(results[3][1]) == [("reopened", "Leaver")]


def test_blocked_or_failed_provider_day_closes_nothing():
    a1, b1 = post(A, "1"), post(B, "9", "Analyst")
    # beta fails (absent from `fetched`) on days 2-5: its job must stay open, counter untouched.
    days = [([a1, b1], {"alpha", "beta"})] + [([a1], {"alpha"})] * 4
    results = run(days)
    final = row(results[-1][0], b1.job_id)
    assert final["status"] == "open" and final["missed_fetches"] == 0 and final["last_seen"] == day(1)
    assert all(r[1].empty for r in results[1:])


def test_repost_under_new_id_keeps_the_original_job():
    original = post(A, "1", "Platform Engineer", "Run Kubernetes. Own golden paths. Be on call rarely.")
    repost = post(A, "77", "Platform Engineer", "Run Kubernetes. Own golden paths. Be on call rarely.")
    _, (h2, c2) = run([([original], {"alpha"}), ([repost], {"alpha"})])
    assert list(h2["job_id"]) == [original.job_id]
    assert list(row(h2, original.job_id)["absorbed_ids"]) == [repost.job_id]
    assert row(h2, original.job_id)["url"] == repost.url and c2.empty  # not new, not closed


def test_cross_provider_duplicate_is_one_canonical_record():
    same_url = build_posting(
        B,
        external_id="x",
        title="Data Engineer",
        url="https://alpha.example/1?utm_source=b",
        fetched_at=FETCHED,
        locations=["Berlin"],
    )
    [(h1, c1)] = run([([post(A, "1"), same_url], {"alpha", "beta"})])
    assert len(h1) == 1 and len(c1) == 1
    assert list(h1.iloc[0]["absorbed_ids"]) == sorted(
        {post(A, "1").job_id, same_url.job_id} - {h1.iloc[0]["job_id"]}
    )


def test_changed_fields_are_named_and_url_only_changes_are_not_changes():
    v1 = post(A, "1", comp := "Data Engineer")
    v2 = post(A, "1", comp, text="Build pipelines with Python, SQL and dbt.")
    v3 = build_posting(
        A,
        external_id="1",
        title=comp,
        url="https://alpha.example/1-new-slug",
        fetched_at=FETCHED,
        description_html="<p>Build pipelines with Python, SQL and dbt.</p>",
        locations=["Berlin"],
    )
    _, (_, c2), (h3, c3) = run([([v1], {"alpha"}), ([v2], {"alpha"}), ([v3], {"alpha"})])
    assert changes(c2) == [("changed", comp)] and list(c2.iloc[0]["changed_fields"]) == ["description_text"]
    assert c3.empty and len(row(h3, v1.job_id)["content_hashes"]) == 2


def test_same_inputs_same_history_hash():
    days = [([post(A, "1"), post(B, "2", "Analyst")], {"alpha", "beta"}), ([post(A, "3", "SRE")], {"alpha"})]
    first = [frame_hash(h) for h, _ in run(days)]
    second = [frame_hash(h) for h, _ in run(list(reversed(days[:1])) + days[1:])]
    assert first == second
    shuffled, _ = update_history(None, jobs_frame(list(reversed(days[0][0]))), {"alpha", "beta"}, day(1))
    assert frame_hash(shuffled) == frame_hash(run(days[:1])[0][0])


def test_empty_board_from_a_successful_fetch_closes_after_grace():
    job = post(A, "1")
    results = run([([job], {"alpha"}), ([], {"alpha"}), ([], {"alpha"})])
    assert row(results[-1][0], job.job_id)["status"] == "closed"
    assert changes(results[-1][1]) == [("closed", "Data Engineer")]


def test_a_revert_to_an_earlier_version_is_a_change():
    v1 = post(A, "1", "Data Engineer", "Build pipelines with Python and SQL.")
    v2 = post(A, "1", "Data Engineer", "Build pipelines with Python, SQL and dbt.")
    results = run([([v1], {"alpha"}), ([v2], {"alpha"}), ([v1], {"alpha"})])
    assert changes(results[2][1]) == [("changed", "Data Engineer")]
    assert list(results[2][1].iloc[0]["changed_fields"]) == ["description_text"]
    assert list(row(results[2][0], v1.job_id)["content_hashes"]) == [v1.content_hash, v2.content_hash]


def board(n: int, provider=A) -> list:
    """A board listing ``n`` distinct openings."""
    return [post(provider, f"r{i}", title=f"Role {i}", text=f"Duties of role {i}.") for i in range(n)]


def test_a_big_board_answering_empty_is_held_until_the_drop_repeats():
    """A typo'd board token answers `{"jobs": []}` forever: nothing closes quietly on day 2; the
    drop is believed on the 3rd empty fetch (confirmations), then grace (2) runs as usual."""
    history, streaks = None, []
    for n, postings in enumerate([board(12), [], [], [], []], start=1):
        history, stats = update_history(history, jobs_frame(postings), ["alpha"], day(n), grace=2)
        streaks.append((stats.suspect_drops.get("alpha", 0), stats.closed))
    assert streaks == [(0, 0), (1, 0), (2, 0), (3, 0), (4, 12)]
    assert set(history.status) == {"closed"} and set(history.closed_on) == {day(5)}


def test_a_board_that_comes_back_resets_the_streak():
    history = None
    for n, postings in enumerate([board(12), [], board(12), []], start=1):
        history, stats = update_history(history, jobs_frame(postings), ["alpha"], day(n), grace=2)
    assert stats.suspect_drops == {"alpha": 1} and set(history.status) == {"open"}
    assert set(history.missed_fetches) == {0}


def test_small_boards_and_ordinary_turnover_count_at_once():
    # Below min_open a board may really be empty; losing less than half is ordinary turnover.
    history, stats = update_history(None, jobs_frame(board(9)), ["alpha"], day(1), grace=1)
    history, stats = update_history(history, jobs_frame([]), ["alpha"], day(2), grace=1)
    assert stats.suspect_drops == {} and stats.closed == 9
    history, _ = update_history(None, jobs_frame(board(12)), ["alpha"], day(1), grace=1)
    history, stats = update_history(history, jobs_frame(board(7)), ["alpha"], day(2), grace=1)
    assert stats.suspect_drops == {} and stats.closed == 5
    history, stats = update_history(
        history,
        jobs_frame(board(2)),
        ["alpha"],
        day(3),
        grace=1,
        drops=DropRule(min_open=5, max_loss=0.5, confirmations=2),
    )
    assert stats.suspect_drops == {"alpha": 1} and stats.closed == 0  # 7 → 2 lost more than half


def test_a_parser_upgrade_alone_is_not_a_change_but_the_next_real_edit_is():
    """Day 2 re-reads the same board with a newer parser (the text now differs for every job):
    nothing is reported. Day 3 the board really edits one job: that is reported, compared with
    day 2's reading, not day 1's."""
    old_parser = post(A, "1").model_copy(
        update={"parser_version": 1, "description_text": "Build pipelines…", "content_hash": "0" * 16}
    )
    other = post(A, "2", "Analyst").model_copy(update={"parser_version": 1, "content_hash": "1" * 16})
    today = [post(A, "1"), post(A, "2", "Analyst")]
    edited = [post(A, "1", text="Build pipelines with Python, SQL and Kafka."), post(A, "2", "Analyst")]
    _, (h2, c2), (_, c3) = run([([old_parser, other], {"alpha"}), (today, {"alpha"}), (edited, {"alpha"})])
    assert c2.empty and set(h2["parser_version"]) == {today[0].parser_version}
    assert changes(c3) == [("changed", "Data Engineer")] and list(c3.iloc[0]["changed_fields"]) == [
        "description_text"
    ]
