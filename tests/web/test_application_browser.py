"""From résumé to application in a real browser (Debian's chromium through Playwright, one browser
for the module): upload a résumé, check its sections, save it, see the settings form pre-filled
from it, prepare an application for a job and download its PDF."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.conftest import REPO_ROOT
from tests.web.conftest import make_site, served
from tests.web.test_browser import browser  # noqa: F401 - the module's one browser (a fixture)

RESUME = REPO_ROOT / "tests" / "fixtures" / "resumes" / "alex.md"


@pytest.fixture(scope="module")
def base_url(web_day, tmp_path_factory):
    with served(make_site(web_day, tmp_path_factory.mktemp("application-browser")).config) as url:
        yield url


def serious_issues(page) -> list[tuple[str, str]]:
    """axe-core's serious or critical findings on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    return [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")]


def test_upload_confirm_prefill_prepare_and_download(browser, base_url):  # noqa: F811
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    page.goto(f"{base_url}/p/alex")
    page.get_by_role("link", name="Résumé · alex").click()
    page.set_input_files("input[name=file]", str(RESUME))
    page.get_by_role("button", name="Read the résumé").click()

    page.locator("#sec-work").wait_for()  # the confirm page is the POST's answer: the URL stays
    for section in ("basics", "work", "education", "skills", "projects", "languages"):
        assert page.get_by_role("heading", name=section, exact=True).is_visible()
    work = page.locator("section.resume-section", has=page.get_by_role("heading", name="work", exact=True))
    assert "Brightline Analytics GmbH" in work.inner_text() and "Nordhafen Logistics AG" in work.inner_text()
    assert serious_issues(page) == []
    page.get_by_role("button", name="Save the résumé").click()

    page.wait_for_url("**/resume/profile?name=main")
    assert page.get_by_role("status").inner_text().startswith("Pre-filled from your résumé")
    assert "Senior Data Engineer" in page.locator("#titles").input_value()
    page.get_by_role("button", name="Save").click()
    page.wait_for_url("**/p/alex/settings")

    page.goto(f"{base_url}/p/alex")
    page.locator("li.job h2 a").first.click()
    page.wait_for_url("**/jobs/**")
    company = page.locator(".facts .company").inner_text()
    page.get_by_role("link", name="Prepare application").click()
    page.get_by_role("button", name="Prepare application").click()
    page.wait_for_url("**/application?resume=main")
    assert "Alexandra Kowalczyk" in page.locator("#md-cv").input_value()
    assert serious_issues(page) == []

    cv = page.locator("section.draft", has=page.get_by_role("heading", name="cv", exact=True))
    with page.expect_download() as download:
        cv.get_by_role("link", name="A4").click()
    data = download.value.path().read_bytes()
    assert data.startswith(b"%PDF")
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)
    assert "Alexandra Kowalczyk" in text and company in text
    context.close()
