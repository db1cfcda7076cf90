"""The feedback loop in a real browser (issue #31's acceptance): rate today's batch of 5 in the app,
run the next day's pipeline on the app's storage, and see the shortlist change: the learned points
and their reason on the job cards, and the exploration slot marked. Debian's chromium through
Playwright, as ``test_browser`` (missing chromium skips locally and fails under CI).

The app's clock is set to the stored day (the captures are of November 2026): ratings are dated
that day, and the next day's preference model is fit on the events before it."""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from urllib.parse import unquote

import pytest
from dagster import DagsterInstance

from jobintel_core.feedback.events import read_ratings
from jobintel_core.storage.objects import LocalObjectStore
from jobintel_core.web.deps import WebConfig
from jobintel_dagster.runs.day import run_day
from tests.conftest import REPO_ROOT, make_workspace
from tests.web.conftest import served
from tests.web.test_browser import ARTIFACTS, SIZES, browser  # noqa: F401 (the module's browser fixture)

FIRST, NEXT = date(2026, 11, 19), date(2026, 11, 20)


def at_first_day() -> datetime:
    return datetime(2026, 11, 19, 18, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """The pipeline's first day on the six bundled boards, with the bundled profiles: what the user
    rates. Alex's copy takes jobs from a score of 10 (the bundled 45 leaves 3 that day): the top 10's
    exploration slot is drawn from the jobs after its first 9, so there must be more."""
    root = tmp_path_factory.mktemp("feedback_browser")
    shutil.copytree(REPO_ROOT / "config" / "profiles", root / "profiles")
    alex = root / "profiles" / "alex.yaml"
    alex.write_text(alex.read_text().replace("min_score: 45", "min_score: 10"))
    ws = make_workspace(root, profiles_dir=root / "profiles")
    assert run_day(ws.definitions(), DagsterInstance.ephemeral(), FIRST, log_level="ERROR").ok
    return ws


def test_rate_the_batch_run_the_next_day_and_see_the_shortlist_learn(browser, workspace):  # noqa: F811
    store = LocalObjectStore(workspace.settings.storage_url)
    config = WebConfig(
        store=store,
        profiles_dir=workspace.settings.profiles_dir,
        timezone="UTC",
        secret="s" * 40,
        clock=at_first_day,
    )
    context = browser.new_context(viewport=SIZES["desktop"])
    page = context.new_page()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with served(config) as base_url:
        # Before any rating: the rules' order, nothing learned, nothing explored on Today.
        page.goto(f"{base_url}/p/alex")
        assert page.locator("li.job").count() > 5
        assert (
            page.locator(".preference-reasons").count() == 0 and page.locator(".badge-explore").count() == 0
        )

        page.get_by_role("link", name="Today's batch: rate up to 5 jobs").click()
        page.wait_for_url(f"{base_url}/p/alex/batch")
        cards = page.locator("ol.batch li.job")
        assert cards.count() == 5
        assert page.locator("ol.batch .badge-explore").count() == 1  # one slot explores, marked
        assert page.locator("progress").get_attribute("value") == "0"
        page.screenshot(path=str(ARTIFACTS / "batch-before-desktop.png"), full_page=True)
        # The first two jobs are what alex wants; the other three are not.
        stars = [5, 5, 1, 1, 1]
        rated = []
        for n, given in enumerate(stars):
            card = cards.nth(n)
            rated.append(card.locator("h2 a").get_attribute("href").rsplit("/", 1)[-1])
            card.locator("label.star").nth(given - 1).click()
            with page.expect_navigation():
                card.get_by_role("button", name="Rate").click()
            assert page.locator("progress").get_attribute("value") == str(n + 1)
            assert page.locator(".rated-count").inner_text() == str(n + 1)
        assert "All rated" in page.locator(".done").inner_text()
        assert page.locator("ol.batch li.job.rated").count() == 5  # the batch stays while it is rated
        page.screenshot(path=str(ARTIFACTS / "batch-rated-desktop.png"), full_page=True)
        events = read_ratings(store, "alex").events
        assert [(e.stars, e.on) for e in events] == [(s, FIRST) for s in stars]
        assert [e.job_id for e in events] == [unquote(r) for r in rated]

        # The next day, on the storage and profiles the app serves (in a thread: Playwright's loop
        # runs on this one).
        ws = make_workspace(
            workspace.root / "next",
            storage_url=workspace.settings.storage_url,
            profiles_dir=workspace.settings.profiles_dir,
        )
        with ThreadPoolExecutor(1) as pool:
            outcome = pool.submit(
                run_day, ws.definitions(), DagsterInstance.ephemeral(), NEXT, log_level="ERROR"
            ).result()
        assert outcome.ok

        page.goto(f"{base_url}/p/alex")
        assert NEXT.isoformat() in page.locator("h1").inner_text()
        reasons = page.locator("li.job .preference-reasons li")
        assert reasons.count() > 0
        assert any("rated" in text for text in reasons.all_inner_texts()), reasons.all_inner_texts()
        assert page.locator("li.job .badge-explore").count() == 1  # the exploration slot, marked
        assert (
            "exploring: the learner is unsure about this one" in page.locator("li.job .explore").inner_text()
        )
        page.screenshot(path=str(ARTIFACTS / "today-learned-desktop.png"), full_page=True)

        # The order changed: the blended score ranks the jobs otherwise than the rule score alone.
        rows = page.request.get(f"{base_url}/api/profiles/alex/today").json()["rows"]
        assert any(r["preference_points"] != 0 for r in rows)
        by_rules = sorted(rows, key=lambda r: -r["rule_score"])
        assert [r["job_id"] for r in rows] != [r["job_id"] for r in by_rules]

        # The job page of a card with a reason shows the blend and the reason.
        card = page.locator("li.job", has=page.locator(".preference-reasons")).first
        card.locator("h2 a").click()
        page.wait_for_url("**/jobs/**")
        assert "your preferences" in page.locator(".blend").inner_text()
        assert page.locator(".preference-reasons li").count() > 0
    context.close()
