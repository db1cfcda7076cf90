"""What a posting asks for: level from title and text, role family, remote region."""

import pytest

from jobintel_core.ingestion.reading.locations import resolve_locations
from jobintel_core.ingestion.reading.remote_scope import region_in_text, regions_overlap, remote_region
from jobintel_core.ingestion.reading.roles import default_roles
from jobintel_core.ingestion.reading.seniority import posting_level, years_required


@pytest.mark.parametrize(
    ("title", "text", "level"),
    [
        ("Senior Data Engineer", "2+ years", "senior"),  # the title wins over years
        ("Data Engineer", "You have 5+ years of experience.", "senior"),
        ("Data Engineer", "Senior folks only.", "senior"),
        ("Model Whisperer", "We look for a senior designer.", "senior"),
        ("Data Engineer", "0-1 years; recent graduates welcome.", "junior"),
        ("Analyst", "Six-month internship for students.", "intern"),
        ("Buchhalter", "Drei Jahre Erfahrung.", "mid"),
        ("Head of Design", "12+ years", "manager"),  # management, not director
        ("Frontend Engineering Manager", "", "manager"),
        ("Director of Machine Learning", "", "director"),
        ("Growth Marketing Manager", "", None),  # a role, not a level
        ("Data Engineer", "Python and SQL.", None),  # nothing said: unknown
    ],
)
def test_level_comes_from_title_then_years_then_words(title, text, level):
    found, _ = posting_level(title, text)
    assert (found.value if found else None) == level


def test_years_ignore_company_ages():
    assert years_required("Founded 35 years ago. At least 7 years of experience.") == 7
    assert years_required("Five or more years designing products") == 5


@pytest.mark.parametrize(
    ("job", "target", "related"),
    [
        ("iOS Engineer", "UI Engineer", False),
        ("BI Developer", "Web Developer", False),
        ("Software Engineer, Data", "Data Engineer", True),
        ("Bilanzbuchhalter (m/w/d)", "Accountant", True),
    ],
)
def test_titles_are_read_as_role_families(job, target, related):
    roles = default_roles()
    assert bool(roles.read(job).families & roles.read(target).families) is related


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Remote within the UK only (right to work required).", "GB"),
        ("Remote, US only.", "US"),
        ("US-based remote.", "US"),
        ("Remote anywhere in Europe.", "Europe"),
        ("Fully remote across the EU.", "EU"),
        ("Work from anywhere.", "worldwide"),
        ("Join us, we are remote friendly.", None),  # "us" and "are" are words, not countries
    ],
)
def test_remote_region_is_read_from_the_text(text, region):
    assert region_in_text(text) == region


def test_remote_region_prefers_the_location_then_text_then_the_site_country():
    _, stated = resolve_locations(["Remote (UK)"])
    assert remote_region(stated, "remote", "Remote within the EU.") == "GB"
    _, site = resolve_locations(["Hamburg, Germany"])
    assert remote_region(site, "remote", "Remote within the EU.") == "EU"
    assert remote_region(site, "remote", "Python.") == "DE"
    assert remote_region(site, "hybrid", "Remote within the EU.") is None  # not a remote job


def test_regions_overlap_by_countries():
    assert (
        regions_overlap("DE", "EU") and regions_overlap("GB", "Europe") and regions_overlap("worldwide", "PL")
    )
    assert not regions_overlap("GB", "EU") and not regions_overlap("US", "EMEA")
