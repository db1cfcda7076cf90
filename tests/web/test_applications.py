"""Résumé and application routes in process: refused uploads and forms (status and field named,
nothing stored), the confirm → save → pre-filled settings path, drafts with their downloads and
edits, "sent" from the tracker, delete (the storage listed before and after), and per-user grants."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from jobintel_core.applications.extraction import MAX_BYTES
from jobintel_core.applications.library import load_resume
from jobintel_core.storage.keys import APPLICATIONS
from jobintel_core.web.app import create_app
from jobintel_core.web.security import User, hash_password
from tests.conftest import REPO_ROOT
from tests.web.conftest import make_site

RESUME = (REPO_ROOT / "tests" / "fixtures" / "resumes" / "alex.md").read_bytes()


@pytest.fixture(scope="module")
def site(web_day, tmp_path_factory):
    return make_site(web_day, tmp_path_factory.mktemp("applications"))


@pytest.fixture(scope="module")
def client(site):
    with TestClient(create_app(site.config)) as client:
        yield client


@pytest.fixture(scope="module")
def token(client) -> str:
    return client.get("/api/session").json()["csrf"]


def stored(site) -> list[str]:
    return site.store.list(f"{APPLICATIONS}/")


def upload(client, token: str, data: bytes, filename: str, profile: str = "alex", **form: str):
    return client.post(f"/p/{profile}/resume", data={"csrf": token, **form}, files={"file": (filename, data)})


def confirm_form(page: str) -> dict[str, str]:
    """The confirm page's fields as the browser would send them."""
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))
    fields |= dict(re.findall(r'<textarea id="\w+" name="(\w+)"[^>]*>([^<]*)</textarea>', page))
    return {k: html.unescape(v) for k, v in fields.items()}


def said(answer) -> str:
    """The page's text as the user reads it (the template escapes quotes)."""
    return html.unescape(answer.text)


def top_job(client) -> str:
    return client.get("/api/profiles/alex/today").json()["rows"][0]["job_id"]


@pytest.mark.parametrize(
    ("data", "filename", "status", "says"),
    [
        (b"", "cv.txt", 422, "empty"),
        (b"%PDF-1.4 not really", "cv.exe", 422, ".exe"),
        (b"PK\x03\x04 broken", "cv.docx", 422, "Word document is damaged"),
        (b"a" * (MAX_BYTES + 1), "cv.txt", 413, "limit is 5 MB"),
    ],
)
def test_a_refused_upload_names_the_file_field_and_stores_nothing(
    client, token, site, data, filename, status, says
):
    answer = upload(client, token, data, filename)
    assert answer.status_code == status, answer.text
    assert says in answer.text and "file" in answer.text
    assert stored(site) == []


def test_an_upload_without_the_csrf_token_is_refused(client, site):
    answer = client.post("/p/alex/resume", files={"file": ("cv.md", RESUME)})
    assert answer.status_code == 403 and stored(site) == []


def test_the_confirm_page_shows_each_section_and_saves_only_on_confirm(client, token, site):
    page = upload(client, token, RESUME, "alex.md")
    assert page.status_code == 200 and stored(site) == []
    for heading in ("basics", "work", "education", "skills", "projects", "languages"):
        assert f'id="sec-{heading}"' in page.text
    assert "Brightline Analytics GmbH" in page.text and "Alexandra Kowalczyk" in page.text
    form = confirm_form(page.text)
    form["basics"] = form["basics"].replace("Alexandra Kowalczyk", "Alexandra M. Kowalczyk")
    saved = client.post("/p/alex/resume/confirm", data=form, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == "/p/alex/resume/profile?name=main"
    assert load_resume(site.store, "alex").basics.name == "Alexandra M. Kowalczyk"
    settings = client.get(saved.headers["location"])
    assert "Pre-filled from your résumé" in settings.text
    titles = re.search(r'<textarea id="titles"[^>]*>([^<]*)</textarea>', settings.text).group(1)
    assert "Senior Data Engineer" in titles


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"work": "- name: Brightline\n  startdate: '2021'\n"}, "work[0].startdate"),
        ({"work": "- name: [unclosed\n"}, "work"),
        ({"skills": "- keywords: [SQL]\n"}, "skills[0].name"),
        ({"name": "Not A Slug"}, "name"),
    ],
)
def test_a_refused_confirm_form_is_a_422_naming_the_field(client, token, site, change, field):
    before = site.store.list(f"{APPLICATIONS}/alex/resumes/")
    answer = client.post("/p/alex/resume/confirm", data={"csrf": token, "name": "other", **change})
    assert answer.status_code == 422 and f"field '{field}'" in said(answer)
    assert site.store.list(f"{APPLICATIONS}/alex/resumes/") == before


def test_bad_paths_and_queries_are_404_or_422_naming_what(client, token):
    job_id = top_job(client)
    assert client.get("/p/alex/resume/edit?name=nobody").status_code == 404
    bad = client.get(f"/p/alex/jobs/{job_id}/application?resume=Bad Name")
    assert bad.status_code == 422 and "field 'resume'" in said(bad)
    assert client.get("/p/nobody/resume").status_code == 404
    assert client.get("/p/alex/jobs/nope/application").status_code == 404
    missing = client.post(f"/p/alex/jobs/{job_id}/application", data={"csrf": token, "resume": "ghost"})
    assert missing.status_code == 404 and "'ghost'" in said(missing)
    assert client.get(f"/p/alex/jobs/{job_id}/application/cv.docx").status_code == 404
    assert client.get(f"/p/sam/jobs/{job_id}/application/cv-a4.pdf").status_code == 404  # no draft


def test_prepare_download_edit_sent_and_delete(client, token, site):
    if not site.store.exists(f"{APPLICATIONS}/alex/resumes/main.json"):
        test_the_confirm_page_shows_each_section_and_saves_only_on_confirm(client, token, site)
    job_id = top_job(client)
    base = f"/p/alex/jobs/{job_id}/application"
    assert client.get(f"/p/alex/jobs/{job_id}").text.count(f'href="{base}"') == 1
    prepared = client.post(base, data={"csrf": token, "resume": "main"}, follow_redirects=False)
    assert prepared.status_code == 303
    page = client.get(prepared.headers["location"])
    assert page.text.count("<textarea") == 3 and "template (off)" in page.text
    assert re.search(r"<dt>resume</dt><dd><code>[0-9a-f]{64}</code>", page.text) and "Sent" not in page.text

    pdf = client.get(f"{base}/letter-letter.pdf")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    edited = client.post(f"{base}/cv.md", data={"csrf": token, "resume": "main", "markdown": "# Mine\r\n"})
    assert edited.headers["content-type"].startswith("text/markdown") and edited.text == "# Mine\n"
    assert client.get(f"{base}/cv.md").text == "# Mine\n" and "# Mine" in client.get(base).text
    too_long = client.post(f"{base}/cv.md", data={"csrf": token, "markdown": "x" * 100_001})
    assert too_long.status_code == 422 and "field 'markdown'" in said(too_long)
    assert client.post(f"{base}/cv-a4.pdf", data={"csrf": token, "markdown": "x"}).status_code == 404

    client.post(f"/p/alex/jobs/{job_id}/stage", data={"csrf": token, "stage": "applied"})
    assert "Sent" in client.get(base).text

    before = stored(site)
    assert any("/drafts/main/" in k for k in before) and any(k.endswith("cv-edited.md") for k in before)
    assert "Delete for good" in client.get("/p/alex/resume/delete?name=main").text
    gone = client.post("/p/alex/resume/delete", data={"csrf": token, "name": "main"}, follow_redirects=False)
    assert gone.status_code == 303
    assert [k for k in stored(site) if k.startswith(f"{APPLICATIONS}/alex/")] == []
    assert client.get("/p/alex").status_code == 200 and client.get(f"{base}/cv.md").status_code == 404


def test_a_user_cannot_read_another_users_resume(web_day, tmp_path):
    users = {
        "ana": User(password_hash=hash_password("pw-ana-1234"), profiles=["alex"]),
        "ben": User(password_hash=hash_password("pw-ben-1234"), profiles=["sam"]),
    }
    site = make_site(web_day, tmp_path, users=users)
    app = create_app(site.config)

    def login(user: str) -> tuple[TestClient, str]:
        client = TestClient(app, base_url="https://testserver")
        csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
        client.post("/login", data={"csrf": csrf, "username": user, "password": f"pw-{user}-1234"})
        return client, client.get("/api/session").json()["csrf"]

    ben, ben_token = login("ben")
    page = upload(ben, ben_token, RESUME, "alex.md", profile="sam")
    assert ben.post("/p/sam/resume/confirm", data=confirm_form(page.text)).status_code == 200
    assert site.store.exists(f"{APPLICATIONS}/sam/resumes/main.json")
    ana, ana_token = login("ana")
    for path in ("/p/sam/resume", "/p/sam/resume/edit?name=main", "/p/sam/resume/profile?name=main"):
        answer = ana.get(path)
        assert answer.status_code == 403 and "Kowalczyk" not in answer.text
    assert ana.post("/p/sam/resume/delete", data={"csrf": ana_token, "name": "main"}).status_code == 403
    assert site.store.exists(f"{APPLICATIONS}/sam/resumes/main.json")


def test_the_resume_list_says_which_resume_scores_and_a_button_chooses_it(client, token, site):
    from jobintel_core.applications.library import save_resume, scoring_resume
    from tests.core.applications.drafting import fixture_resume

    for name in ("main", "ml"):
        save_resume(site.store, "alex", fixture_resume("alex"), name)
    page = client.get("/p/alex/resume").text
    assert re.search(r"<strong>main</strong> · <span[^>]*>used for scoring \(by default\)", page)
    assert page.count('action="/p/alex/resume/scoring"') == 2
    chosen = client.post("/p/alex/resume/scoring", data={"csrf": token, "name": "ml"}, follow_redirects=False)
    assert chosen.status_code == 303 and chosen.headers["location"] == "/p/alex/resume/profile?name=ml"
    assert "Pre-filled from your résumé" in client.get(chosen.headers["location"]).text
    page = client.get("/p/alex/resume").text
    assert re.search(r"<strong>ml</strong> · <span[^>]*>used for scoring</span>", page)
    assert page.count('action="/p/alex/resume/scoring"') == 1  # the chosen one has no button
    assert client.post("/p/alex/resume/scoring", data={"csrf": token, "name": "ghost"}).status_code == 404
    job_id = top_job(client)
    assert (
        '<option value="ml" selected>ml (used for scoring)'
        in client.get(f"/p/alex/jobs/{job_id}/application").text
    )
    client.post("/p/alex/resume/delete", data={"csrf": token, "name": "ml"})
    assert scoring_resume(site.store, "alex").model_dump() == {"name": "main", "chosen": False}
    assert "No résumé is chosen for scoring" in client.get("/p/alex/resume").text
