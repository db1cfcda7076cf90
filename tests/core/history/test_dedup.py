"""De-duplication layers, each tested on both sides of its rule."""

from jobintel_core.base.identity import canonical_url
from jobintel_core.history.dedup import Candidate, dedup_key, group_duplicates, similar_descriptions

BASE = (
    "Northwind Analytics helps retailers forecast demand. The Payments team is hiring.\n"
    "What you'll do\n- Build reliable payment flows\n- Integrate with card networks\n"
    "- Improve idempotency and reconciliation\nWhat you'll bring\n- 3+ years with Go or Java\n"
    "- PostgreSQL at scale\nBenefits\n- Health, dental and vision\n- 30 days of PTO"
)


def cand(
    job_id,
    *,
    url=None,
    company="Northwind Analytics",
    title="Backend Engineer, Payments",
    location="Austin, TX",
    text=BASE,
    rank=0,
):
    return Candidate(
        job_id,
        canonical_url(url or f"https://n.example/jobs/{job_id}"),
        dedup_key(company, title, [location]),
        text,
        (rank, job_id),
    )


def groups(*cands):
    return sorted(g.members for g in group_duplicates(list(cands)))


def test_tracking_parameter_variants_are_one_job():
    a = cand("a", url="https://N.example/jobs/1?utm_source=li&gh_src=abc")
    b = cand("b", url="https://n.example/jobs/1/?ref=feed#apply", title="Different title entirely", text="x")
    assert groups(a, b) == [("a", "b")]
    [group] = group_duplicates([a, b])
    assert group.layer == "url" and group.representative == "a"


def test_same_id_twice_is_one_job():
    [group] = group_duplicates([cand("a"), cand("a", rank=1)])
    assert group.members == ("a",) and group.layer == "job_id"


def test_reposted_copy_with_new_id_and_same_content_is_a_duplicate():
    repost = cand(
        "z",
        text=BASE.replace("30 days", "30  days"),
        location="austin tx",
        company="Northwind Analytics Inc.",
    )
    assert groups(cand("a"), repost) == [("a", "z")]


def test_similar_titles_are_different_jobs():
    search = cand(
        "b",
        title="Backend Engineer, Search",
        text=BASE.replace("Payments", "Search").replace("payment flows", "search relevance"),
    )
    assert groups(cand("a"), search) == [("a",), ("b",)]


def test_same_title_and_place_but_different_duties_stay_apart():
    other = (
        "Northwind Analytics helps retailers forecast demand. The Ledger team is hiring.\n"
        "What you'll do\n- Own the double-entry ledger service\n- Design month-end close tooling\n"
        "- Run audits with finance\nWhat you'll bring\n- Kotlin or Scala\n- Accounting systems\n"
        "Benefits\n- Health, dental and vision\n- 30 days of PTO"
    )
    assert not similar_descriptions(BASE, other)
    assert groups(cand("a"), cand("b", text=other)) == [("a",), ("b",)]


def test_threshold_both_sides():
    one_bullet_more = BASE + "\n- Lead the migration of our legacy cron jobs"
    assert similar_descriptions(BASE, one_bullet_more)  # a small edit of the same ad
    rewritten = BASE[: len(BASE) // 2] + " Completely different second half about robots and firmware."
    assert not similar_descriptions(BASE, rewritten)


def test_grouping_is_transitive_and_order_independent():
    a = cand("a", url="https://n.example/x")
    b = cand("b", url="https://n.example/x", title="Other", text="other")
    c = cand("c", title="Other", text="other")
    assert groups(a, b, c) == groups(c, b, a) == [("a", "b", "c")]
