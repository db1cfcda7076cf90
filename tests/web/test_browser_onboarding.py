"""Onboarding in a real browser, then the pipeline: a new profile made in the wizard has an empty
Today until the next run, which scores every open job for it, and then its shortlist is there.
The browser is ``test_browser``'s (Debian's chromium through Playwright), one for this module."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from dagster import DagsterInstance

from jobintel_dagster.runs.day import run_day
from tests.conftest import make_workspace
from tests.web.conftest import DAYS, PROVIDERS, make_site, served
from tests.web.test_browser import ARTIFACTS, SIZES, browser  # noqa: F401 (the module's browser fixture)


@pytest.fixture(scope="module")
def site(web_day, tmp_path_factory):
    return make_site(web_day, tmp_path_factory.mktemp("browser_onboarding"))


def test_a_profile_made_in_onboarding_gets_its_shortlist_from_the_next_run(browser, site, tmp_path):  # noqa: F811
    context = browser.new_context(viewport=SIZES["phone"])
    page = context.new_page()
    with served(site.config) as base_url:
        page.goto(f"{base_url}/onboarding")
        page.fill("#name", "robin")
        page.fill("#titles", "Data Engineer\nAnalytics Engineer")
        page.fill("#must_have", "Python, SQL")
        page.fill("#min_score", "30")
        page.locator("form.settings button[type=submit]").click()
        page.wait_for_url(f"{base_url}/p/robin")
        assert page.locator("li.job").count() == 0  # saved; nothing scored for robin yet
        assert (site.root / "profiles" / "robin.yaml").is_file()

        # The next run, on the storage and profile folder the app serves.
        ws = make_workspace(
            tmp_path / "ws",
            providers=PROVIDERS,
            storage_url=str(site.root / "storage"),
            profiles_dir=site.root / "profiles",
        )
        # In a thread of its own: Playwright's event loop runs on this one, and Dagster's run
        # would try to shut it down.
        with ThreadPoolExecutor(1) as pool:
            outcome = pool.submit(
                run_day, ws.definitions(), DagsterInstance.ephemeral(), DAYS[-1], log_level="ERROR"
            ).result()
        assert outcome.ok

        page.reload()
        jobs = page.locator("li.job")
        assert jobs.count() > 0
        top = jobs.first.locator("h2").inner_text()
        assert "Data Engineer" in top or "Analytics Engineer" in top, top  # robin's titles lead
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "onboarding-today-phone.png"), full_page=True)
    context.close()
