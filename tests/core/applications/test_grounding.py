"""The grounding check: template drafts pass by construction; drafts that invent fail, naming why."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from jobintel_core.applications.drafts import KINDS, DraftItem
from jobintel_core.applications.grounding import check_grounding
from jobintel_core.applications.job import JobFacts
from jobintel_core.applications.templates import template_draft
from jobintel_core.ingestion.reading.skills import default_vocabulary
from tests.core.applications.drafting import JOB, fixture_resume

PEOPLE = ("alex", "sam")


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("person", PEOPLE)
def test_template_drafts_pass(person, kind):
    draft = template_draft(kind, fixture_resume(person), JOB)
    assert check_grounding(draft, fixture_resume(person), JOB).problems == []


SKILLS = sorted(default_vocabulary().categories)
WORDS = st.text(alphabet=st.characters(categories=["L", "N", "Zs", "P"]), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    person=st.sampled_from(PEOPLE),
    kind=st.sampled_from(KINDS),
    title=WORDS,
    company=WORDS,
    skills=st.lists(st.sampled_from(SKILLS), max_size=12),
    reasons=st.lists(WORDS, max_size=4),
    description=WORDS,
)
# found by this test: the letter names a skill the résumé shows ("negotiated … contracts") by its
# vocabulary name, whose words ("Negotiation") the résumé does not write
@example(
    person="alex",
    kind="letter",
    title="0",
    company="0",
    skills=["Contract Negotiation"],
    reasons=[],
    description="0",
)
def test_template_drafts_pass_for_any_job(person, kind, title, company, skills, reasons, description):
    """By construction: whatever the job says (numbers, skills, names in its title and company),
    the template puts it only where the draft speaks for the job."""
    job = JobFacts(
        job_id="x", title=title, company=company, skills=skills, reasons=reasons, description=description
    )
    resume = fixture_resume(person)
    assert check_grounding(template_draft(kind, resume, job), resume, job).problems == []


def _edited(kind: str, heading: str, edit) -> list[tuple[str, str]]:
    resume = fixture_resume("alex")
    draft = template_draft(kind, resume, JOB)
    block = next(b for b in draft.blocks if b.heading == heading)
    edit(block)
    return check_grounding(draft, resume, JOB).problems


def _first_line(replace):
    def edit(block):
        block.items[0].lines[0] = replace(block.items[0].lines[0])

    return edit


def test_an_invented_metric_fails():
    problems = _edited("cv", "Experience", _first_line(lambda line: line.replace("35%", "70%")))
    assert [k for k, _ in problems] == ["number"] and "70" in problems[0][1]


def test_an_invented_number_word_fails():
    problems = _edited("letter", "Profile", _first_line(lambda line: line + " I tripled revenue."))
    assert [k for k, _ in problems] == ["number"]


def test_an_invented_skill_fails_for_the_candidate_but_not_as_a_requirement():
    problems = _edited("cv", "Experience", _first_line(lambda line: line + " Also ran Snowflake."))
    expected = "Experience: 'Cut the warehouse bill by 35% by modelling the marts in dbt ' names the skill"
    assert ("skill", f"{expected} Snowflake, not in the résumé") in problems
    # the same skill in the job's voice ("what the job asks for") is the job's requirement
    assert _edited("brief", "Questions to ask", _first_line(lambda line: line + " Why Snowflake?")) == []


def test_an_invented_employer_fails_in_an_entry_and_in_text():
    def move(block):
        block.items[0].org = "Google"

    assert [k for k, _ in _edited("cv", "Experience", move)] == ["entry"]
    problems = _edited(
        "letter", "Profile", _first_line(lambda line: line + " Before that I interned at Google.")
    )
    assert [k for k, _ in problems] == ["name"] and "Google" in problems[0][1]


def test_a_title_that_drifts_to_another_employer_fails():
    def promote(block):
        block.items[1].title = "Senior Data Engineer"  # the résumé says Data Engineer at Nordhafen

    assert [k for k, _ in _edited("cv", "Experience", promote)] == ["entry"]


def test_an_invented_degree_or_certificate_fails():
    def add(block):
        block.items.append(DraftItem(title="PhD Computer Science", org="Technische Universität Berlin"))

    assert [k for k, _ in _edited("cv", "Education", add)] == ["entry"]
    problems = _edited("letter", "Profile", _first_line(lambda line: line + " I hold a CKA certificate."))
    assert [k for k, _ in problems] == ["name"]


def test_shifted_dates_fail():
    def shift(block):
        block.items[0].dates = "Mar 2019 – present"

    assert [k for k, _ in _edited("cv", "Experience", shift)] == ["entry"]
