"""Round two of faithfulness to real boards (``tests/fixtures/real_shapes/round_two``).

Each fixture is written here in a shape seen on public boards: a remote Ashby posting about
"hybrid search" on a "hybrid cloud", office days stated only in the description, pay stated only
in an Ashby description or a Lever ``additional`` section beside benefit amounts, monthly and
yearly tiers side by side, a JSON-LD page stating an hourly rate in its text, a SmartRecruiters
city "Tel Aviv/ Hybrid (Israel)" flagged ``remote: false, hybrid: false`` and text escaped twice.
Each test checks both sides of a defect.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.ats import family_for
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.normalization.posting import JobPosting, WorkplaceType
from jobintel_core.ingestion.reading.pay import CompensationInterval

ROUND_TWO = Path(__file__).parents[3] / "fixtures" / "real_shapes" / "round_two"
NOW = datetime(2026, 12, 7, tzinfo=UTC)


def parse(ats: str, parts: dict[str, str], **entry: str) -> dict[str, JobPosting]:
    provider = ProviderConfig.model_validate(
        {"key": f"round-two-{ats}", "company": "Registry Co", "ats": ats, "board": "harbor", **entry}
    )
    payload = Payload({name: (ROUND_TWO / file).read_bytes() for name, file in parts.items()})
    result = family_for(ats).parse(payload, provider, NOW)
    assert not result.rejected, result.rejected
    return {p.title: p for p in result.postings}


def ashby() -> dict[str, JobPosting]:
    return parse("ashby", {"board.json": "ashby.json"})


def test_hybrid_cloud_in_a_remote_posting_stays_remote_and_office_days_make_it_hybrid():
    jobs = ashby()
    assert jobs["Search Infrastructure Engineer"].workplace_type == WorkplaceType.REMOTE
    assert jobs["Product Analyst"].workplace_type == WorkplaceType.HYBRID  # "two days a week"


def test_a_place_with_a_remote_marker_is_remote_in_its_country():
    [place] = ashby()["Search Infrastructure Engineer"].places
    assert (place.remote, place.country_code, place.remote_region) == (True, "US", "US")


def test_georgia_is_the_state_beside_a_us_town_and_the_country_beside_tbilisi():
    atlanta = ashby()["Account Executive"].places
    tbilisi = ashby()["Solutions Engineer"].places
    assert [(p.city, p.region, p.country_code) for p in atlanta] == [
        ("Atlanta", "Georgia", "US"),
        (None, "Georgia", "US"),
    ]
    assert [p.country_code for p in tbilisi] == ["GE", "GE"]


def test_state_code_and_real_country_code():
    jobs = ashby()
    assert [(p.city, p.country_code) for p in jobs["Developer Advocate"].places] == [("Cambridge", "US")]
    assert [(p.city, p.country_code) for p in jobs["Support Specialist"].places] == [("Lisbon", "PT")]


def test_pay_stated_in_an_ashby_description_is_read_and_a_benefit_amount_is_not():
    jobs = ashby()
    stated = jobs["Account Executive"].compensation
    assert stated and (stated.min, stated.max, stated.currency, stated.source) == (
        120000.0,
        150000.0,
        "USD",
        "descriptionHtml",
    )
    assert jobs["Developer Advocate"].compensation is None  # conference budget, stipend, ARR


def test_tiers_with_different_intervals_are_never_merged():
    pay = ashby()["Support Specialist"].compensation
    assert pay and (pay.min, pay.max, pay.interval) == (30800.0, 36400.0, CompensationInterval.YEAR)


def test_lever_pay_in_additional_is_read_and_a_relocation_bonus_is_not():
    jobs = parse("lever", {"page-000.json": "lever.json"})
    pay = jobs["Data Engineer"].compensation
    assert pay and (pay.min, pay.max, pay.interval, pay.source) == (
        135000.0,
        160000.0,
        CompensationInterval.YEAR,
        "additional",
    )
    assert jobs["Office Coordinator"].compensation is None


def test_jsonld_single_rate_with_an_interval_in_the_text():
    [job] = parse("jsonld", {"page-000.html": "careers.html"}, url="https://careers.quarry.example/").values()
    pay = job.compensation
    assert pay and (pay.min, pay.max, pay.currency, pay.interval, pay.source) == (
        17.0,
        17.0,
        "USD",
        CompensationInterval.HOUR,
        "description",
    )


def test_smartrecruiters_hybrid_city_and_text_escaped_twice():
    [job] = parse(
        "smartrecruiters",
        {
            "list-000.json": "smartrecruiters-list.json",
            "detail-744000098765499.json": "smartrecruiters-detail-744000098765499.json",
        },
    ).values()
    assert job.workplace_type == WorkplaceType.HYBRID  # the location says so; false/false is a default
    assert [(p.city, p.country_code) for p in job.places] == [("Tel Aviv", "IL")]
    assert (job.title, job.department) == ("R&D Engineer", "R&D")
    assert "Build sensors for R&D labs." in job.description_text


def test_a_country_the_board_states_as_data_settles_an_ambiguous_town():
    """ "Santa Clara" alone is Cuba's as much as California's; Ashby's ``addressCountry`` says which."""
    [place] = ashby()["Hardware Engineer"].places
    assert (place.city, place.country_code) == ("Santa Clara", "US")
