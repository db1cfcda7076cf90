"""Import: résumés in the shapes real ones have round-trip to the structured form, field by field;
bad files are refused with a message and leave nothing stored."""

from __future__ import annotations

import pytest

from jobintel_core.applications.extraction import ResumeRejected, extract_text
from jobintel_core.applications.importing import read_resume
from jobintel_core.applications.library import load_resume, save_resume
from jobintel_core.storage.objects import LocalObjectStore
from tests.core.applications import resume_files
from tests.core.applications.drafting import RESUMES
from tests.core.applications.resume_files import BAD


def positions(resume):
    return [(w.name, w.position, w.start_date, w.end_date) for w in resume.work]


def degrees(resume):
    return [(e.study_type, e.area, e.institution, e.start_date, e.end_date) for e in resume.education]


def test_a_two_column_pdf_is_read_one_column_at_a_time():
    data = resume_files.two_column_pdf()
    lines = extract_text(data, "priya.pdf").lines
    # the sidebar's skills never land between the experience lines beside them
    assert lines.index("Experience") < lines.index("Data Analyst — Tulip Mobility") < lines.index("Skills")
    imported = read_resume(data, "priya.pdf")
    r = imported.resume
    assert imported.format == "pdf"
    assert r.basics.name == "Priya Raman-Castillo"
    assert (r.basics.email, r.basics.phone) == ("priya.rc@example.net", "+31 20 555 0199")
    assert (r.basics.location.city, r.basics.location.country_code) == ("Amsterdam", "NL")
    assert positions(r) == [
        ("Grachtenpost B.V.", "Analytics Engineer", "2022-04", ""),
        ("Tulip Mobility", "Data Analyst", "2019-01", "2022-03"),
    ]
    assert r.work[0].highlights == [
        "Rebuilt 45 marketing models in dbt and cut dashboard load times in half.",  # a wrapped bullet
        "Introduced data contracts between the product and finance teams.",
    ]
    assert [w.location for w in r.work] == ["Amsterdam", "Utrecht"]
    assert degrees(r) == [("MSc", "Econometrics", "Erasmus University Rotterdam", "2016", "2018")]
    assert r.skill_names() == ["SQL", "dbt", "Python", "Looker", "Snowflake", "Airflow"]
    assert [(x.language, x.fluency) for x in r.languages] == [
        ("English", "C2"),
        ("Dutch", "B2"),
        ("Spanish", "native"),
    ]
    assert imported.missing == []


def test_a_docx_with_a_skills_table():
    imported = read_resume(resume_files.docx_with_skills_table(), "tomasz.docx")
    r = imported.resume
    assert imported.format == "docx"
    assert (r.basics.name, r.basics.label, r.basics.email) == (
        "Tomasz Lindqvist-Oyelaran",
        "Platform Engineer",
        "tomasz.lo@example.com",
    )
    assert positions(r) == [
        ("Fjordline Payments AB", "Senior Platform Engineer", "2020-05", ""),
        ("Skärgård Games", "DevOps Engineer", "2017-02", "2020-04"),
    ]
    assert r.work[0].highlights == [
        "Ran 40 Kubernetes clusters on AWS with Terraform.",
        "Cut deploy times from 25 to 6 minutes with Argo CD.",
    ]
    assert degrees(r) == [
        ("BSc", "Computer Engineering", "KTH Royal Institute of Technology", "2013", "2016")
    ]
    assert [(s.name, s.keywords) for s in r.skills] == [
        ("Cloud", ["AWS", "GCP"]),
        ("Infrastructure", ["Kubernetes", "Terraform", "Docker"]),
        ("Languages", ["Go", "Python"]),
    ]


def test_a_markdown_resume():
    r = read_resume((RESUMES / "alex.md").read_bytes(), "alex.md").resume
    assert (r.basics.name, r.basics.label, r.basics.location.city) == (
        "Alexandra Kowalczyk",
        "Senior Data Engineer",
        "Berlin",
    )
    assert positions(r) == [
        ("Brightline Analytics GmbH", "Senior Data Engineer", "2021-03", ""),
        ("Nordhafen Logistics AG", "Data Engineer", "2017-09", "2021-02"),
        ("Stadtwerke Datenservice", "Junior BI Developer", "2016-08", "2017-08"),
    ]
    assert len(r.work[0].highlights) == 3 and r.work[0].highlights[1].startswith(
        "Cut the warehouse bill by 35%"
    )
    assert degrees(r) == [
        ("MSc", "Computer Science", "Technische Universität Berlin", "2014", "2016"),
        ("BSc", "Mathematics", "Universität Hamburg", "2011", "2014"),
    ]
    assert r.skill_names() == [
        "Python", "SQL", "Scala", "dbt", "Dagster", "Airflow", "Kafka", "Spark", "Iceberg", "AWS", "Terraform", "Docker"
    ]  # fmt: skip
    assert [(c.name, c.date) for c in r.certificates] == [("AWS Certified Data Engineer – Associate", "2023")]
    assert [x.language for x in r.languages] == ["Polish", "German", "English"]


def test_a_plain_text_resume():
    r = read_resume((RESUMES / "sam.txt").read_bytes(), "sam.txt").resume
    assert (r.basics.name, r.basics.phone, r.basics.url) == (
        "SAMUEL OKONKWO-REYES",
        "(206) 555-0142",
        "linkedin.com/in/sam-okr-example",
    )
    assert (r.basics.location.city, r.basics.location.country_code) == ("Seattle", "US")
    assert positions(r) == [
        ("Cascadia Search Inc.", "Machine Learning Engineer", "2022-06", ""),
        ("Evergreen Health Systems", "Software Engineer", "2019-01", "2022-05"),
    ]
    assert (
        r.work[1].highlights[0]
        == "Built NLP pipelines in Python that tagged 2 million clinical notes a month."
    )
    assert degrees(r) == [
        ("M.S.", "Computer Science", "University of Washington", "2017", "2019"),
        ("B.S.", "Statistics", "Oregon State University", "2013", "2017"),
    ]
    assert r.skill_names() == [
        "Python",
        "PyTorch",
        "Hugging Face",
        "FAISS",
        "Kubernetes",
        "SQL",
        "NLP",
        "Docker",
    ]


def test_a_saved_resume_is_a_json_resume_document(tmp_path):
    store = LocalObjectStore(tmp_path)
    resume = read_resume((RESUMES / "alex.md").read_bytes(), "alex.md").resume
    key = save_resume(store, "alex", resume)
    assert key == "applications/alex/resumes/main.json"
    document = store.get(key).decode()
    assert '"startDate": "2021-03"' in document and '"studyType": "MSc"' in document
    assert load_resume(store, "alex") == resume


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_files_are_refused_with_a_reason(name):
    make, says = BAD[name]
    with pytest.raises(ResumeRejected, match=says):
        read_resume(make(), name)
