"""The web app in a real browser: Playwright driving Debian's chromium (``/usr/bin/chromium``; the
Playwright browser download is never used). Missing chromium skips locally and fails under CI.

One browser for the module. Screenshots of the main pages at desktop and phone width go to
``.jobintel/test-artifacts/web/``; axe-core checks each main page for serious or critical issues."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from jobintel_core.matching.profiles.user_state import load_user_state
from tests.conftest import REPO_ROOT, service_missing
from tests.web.conftest import HOSTILE_HOST, hostile_job_id, make_site, served

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO_ROOT / ".jobintel" / "test-artifacts" / "web"
SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).is_file():
        service_missing(f"chromium at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def site(web_day, tmp_path_factory):
    return make_site(web_day, tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def base_url(site):
    with served(site.config) as url:
        yield url


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=SIZES["desktop"])
    page = context.new_page()
    yield page
    context.close()


def shoot(browser, url: str, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for size, viewport in SIZES.items():
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto(url)
        page.screenshot(path=str(ARTIFACTS / f"{name}-{size}.png"), full_page=True)
        context.close()


def test_today_filter_open_apply_and_track(page, site, base_url, browser):
    page.goto(f"{base_url}/p/alex")
    assert page.locator("li.job").count() > 3
    shoot(browser, f"{base_url}/p/alex", "today")
    page.fill("input[name=min_score]", "80")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**min_score=80**")
    scores = [float(s) for s in page.locator("li.job .score").all_inner_texts()]
    assert scores and min(scores) >= 80

    title = page.locator("li.job h2 a").first
    job_title = title.inner_text()
    title.click()
    page.wait_for_url("**/jobs/**")
    shoot(browser, page.url, "job")
    page.select_option("select[name=stage]", "applied")
    page.fill("textarea[name=note]", "Applied through the careers page")
    page.fill("input[name=follow_up]", "2026-12-04")
    with page.expect_navigation():  # the POST answers with a redirect to this page
        page.get_by_role("button", name="Save").click()
    page.reload()
    assert page.locator(".current-stage").inner_text() == "applied"
    assert page.locator("textarea[name=note]").input_value() == "Applied through the careers page"
    assert page.locator("input[name=follow_up]").input_value() == "2026-12-04"

    page.goto(f"{base_url}/p/alex/tracker")
    applied = page.locator("section.column", has=page.get_by_role("heading", name="applied"))
    assert job_title in applied.inner_text()
    shoot(browser, page.url, "tracker")
    entry = next(iter(load_user_state(site.store, "alex").jobs.values()))
    assert entry.status == "applied" and str(entry.follow_up) == "2026-12-04"
    state = subprocess.run(
        [str(Path(sys.executable).parent / "jobintel"), "state", "--profile", "alex"],
        env={**os.environ, "JOBINTEL_STORAGE_URL": str(site.root / "storage")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "applied" in state and "Applied through the careers page" in state


def test_hide_a_company(page, base_url):
    page.goto(f"{base_url}/p/sam")
    company = page.locator("li.job .company").first.inner_text()
    with page.expect_navigation():
        page.locator("li.job").first.get_by_role("button", name="Hide this company").click()
    assert company not in page.locator("ol.jobs").inner_text()
    assert company in page.locator("details.hidden-companies").text_content()


def test_a_hostile_posting_renders_inert(page, site, base_url):
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(f"{base_url}/p/alex/jobs/{hostile_job_id(site.store)}")
    page.wait_for_load_state("networkidle")
    assert "Join us." in page.locator(".description").inner_text()
    assert dialogs == []
    assert [u for u in requests if HOSTILE_HOST in u] == []
    assert page.locator("a[href^='javascript:' i]").count() == 0
    assert (
        page.evaluate(
            "() => [...document.querySelectorAll('.description *')].filter("
            "e => getComputedStyle(e).position === 'fixed').length"
        )
        == 0
    )
    assert page.get_by_role("button", name="Save").is_visible()  # nothing lies over the page


def test_main_pages_have_no_serious_accessibility_violations(page, base_url, browser):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(f"{base_url}/p/alex")
    job = page.locator("li.job h2 a").first.get_attribute("href")
    axe = Axe()
    search = "/p/alex/search?q=data+pipelines"
    for path in (
        "/p/alex",
        job,
        "/p/alex/tracker",
        "/p/alex/settings",
        "/p/alex/insights",
        search,
        "/changes",
        "/runs",
        "/p/nobody",
    ):
        page.goto(f"{base_url}{path}")
        results = axe.run(page)
        bad = [
            (v["id"], v["impact"], len(v["nodes"]))
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert bad == [], (path, bad)
    for name in ("runs", "changes", "p/alex/settings", "p/alex/insights"):
        shoot(browser, f"{base_url}/{name}", name.rsplit("/", 1)[-1])
    shoot(browser, f"{base_url}{search}", "search")


def test_switch_theme_and_language(page, base_url, browser):
    page.goto(f"{base_url}/p/alex")
    page.select_option("select[name=theme]", "dark")
    page.select_option("select[name=lang]", "de")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url(f"{base_url}/p/alex")
    assert page.locator("html").get_attribute("data-theme") == "dark"
    assert page.locator("html").get_attribute("lang") == "de"
    assert page.locator("h1").inner_text().startswith("Heute")
    assert page.get_by_role("button", name="Diese Firma ausblenden").count() > 0
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(13, 17, 23)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "today-dark-de-desktop.png"))
