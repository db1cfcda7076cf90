"""The seven parsers on payloads shaped like real boards' (``tests/fixtures/real_shapes``).

Each fixture reproduces a shape seen on public boards (Ashby's ``<p>`` inside ``<li>``, Greenhouse
``pay_input_ranges``, SmartRecruiters' ``"Chennai, , India"``, RemoteOK mojibake, a Workable
shortcode listed once per location, JSON-LD sections beside ``description``…); one test per defect
of the fidelity issue, named after what a reader of the row would otherwise get wrong.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.ats import family_for
from jobintel_core.ingestion.ats.base import ParseResult
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.normalization.posting import JobPosting, WorkplaceType
from jobintel_core.ingestion.reading.pay import CompensationInterval

REAL = Path(__file__).parents[3] / "fixtures" / "real_shapes"
NOW = datetime(2026, 11, 21, tzinfo=UTC)


def parse(ats: str, parts: dict[str, str], **entry: str) -> ParseResult:
    provider = ProviderConfig.model_validate(
        {"key": f"real-{ats}", "company": "Registry Co", "ats": ats, "board": "acme", **entry}
    )
    return family_for(ats).parse(
        Payload({name: (REAL / file).read_bytes() for name, file in parts.items()}), provider, NOW
    )


def by_title(result: ParseResult) -> dict[str, JobPosting]:
    assert not result.rejected, result.rejected
    return {p.title: p for p in result.postings}


def ashby() -> dict[str, JobPosting]:
    return by_title(parse("ashby", {"board.json": "ashby.json"}))


def greenhouse() -> dict[str, JobPosting]:
    return by_title(parse("greenhouse", {"board.json": "greenhouse.json"}))


# 1. list items keep their marker on their first line
def test_ashby_list_items_wrapped_in_paragraphs_keep_their_bullet():
    text = ashby()["Senior Backend Engineer"].description_text.split("\n")
    assert "- Design and scale backend systems that ingest billions of events" in text
    assert "- Own services end to end:" in text and "- on-call for what you ship" in text  # nested list
    assert "- Mentor engineers" in text and "across two teams" in text  # a <br> inside an item
    assert "-" not in text and "- " not in text  # no bare markers, not even for the empty item


# 2. Ashby remote is not read from isRemote alone
def test_ashby_is_remote_is_weighed_against_office_locations_and_office_days():
    jobs = ashby()
    assert jobs["Senior Backend Engineer"].workplace_type == WorkplaceType.UNKNOWN  # isRemote, "… Office"
    assert jobs["Product Designer"].workplace_type == WorkplaceType.HYBRID  # "San Francisco-Hybrid"
    assert jobs["Data Engineer"].workplace_type == WorkplaceType.HYBRID  # three days a week in the office
    assert jobs["Site Reliability Engineer"].workplace_type == WorkplaceType.REMOTE  # workplaceType wins
    assert jobs["Support Engineer"].workplace_type == WorkplaceType.REMOTE  # nothing contradicts isRemote


# 3. Greenhouse pay: pay_input_ranges requested and read, stated ranges as the fallback
def test_greenhouse_fetch_asks_for_pay_transparency():
    from jobintel_core.ingestion.ats.greenhouse import Greenhouse

    class Recorder:
        def __init__(self) -> None:
            self.urls: list[str] = []

        def get_json(self, name: str, url: str) -> None:
            self.urls.append(url)

    recorder = Recorder()
    provider = ProviderConfig.model_validate(
        {"key": "gh", "company": "C", "ats": "greenhouse", "board": "acme"}
    )
    Greenhouse().fetch(recorder, provider)  # type: ignore[arg-type]
    assert recorder.urls == [
        "https://boards-api.greenhouse.io/v1/boards/acme/jobs?content=true&pay_transparency=true"
    ]


def test_greenhouse_pay_from_pay_input_ranges_then_from_the_text():
    jobs = greenhouse()
    ranged = jobs["Staff Software Engineer, Infrastructure"].compensation
    assert ranged and (ranged.min, ranged.max, ranged.currency) == (215000.0, 265000.0, "USD")
    assert ranged.source == "pay_input_ranges" and ranged.interval == CompensationInterval.YEAR
    stated = jobs["Analytics Engineer"].compensation
    assert stated and (stated.min, stated.max, stated.currency, stated.source) == (
        108400.0,
        129600.0,
        "USD",
        "content",
    )
    hourly = jobs["Warehouse Associate (Part Time)"].compensation
    assert hourly and (hourly.min, hourly.max, hourly.interval) == (34.62, 34.62, CompensationInterval.HOUR)


# 4. Ashby tiers in different currencies are never merged
def test_ashby_pay_keeps_one_currency():
    jobs = ashby()
    sre = jobs["Site Reliability Engineer"].compensation  # EUR, GBP, EUR tiers; the posting is in Germany
    assert sre and (sre.min, sre.max, sre.currency) == (146000.0, 190000.0, "EUR")
    support = jobs["Support Engineer"].compensation  # GBP then PLN, no country: the first tier's currency
    assert support and (support.min, support.max, support.currency) == (40000.0, 52000.0, "GBP")


# 5. Greenhouse structured workplace wins over location text
def test_greenhouse_location_type_field_beats_remote_friendly_location():
    assert greenhouse()["Staff Software Engineer, Infrastructure"].workplace_type == WorkplaceType.ONSITE


# 6. Employment type in one vocabulary, the raw label kept
def test_employment_type_is_normalized_from_ids_first_and_the_label_kept():
    jobs = greenhouse()
    regular = jobs["Analytics Engineer"]
    assert (regular.employment_type, regular.employment_type_raw) == ("full-time", "Regular")
    sr = by_title(
        parse(
            "smartrecruiters",
            {
                "list-000.json": "smartrecruiters-list.json",
                "detail-744000098765401.json": "smartrecruiters-detail-744000098765401.json",
            },
        )
    )
    devops = sr["Inżynier DevOps"]
    assert (devops.employment_type, devops.employment_type_raw) == ("full-time", "Pełny etat")
    assert sr["Kierownik projektu"].employment_type == "contract"  # id "contract" beats the label "Umowa B2B"
    assert ashby()["Support Engineer"].employment_type == "part-time"
    assert (
        by_title(parse("workable", {"board.json": "workable.json"}))["Office Manager"].employment_type
        == "contract"
    )


# 7. Locations cleaned, split, resolved, de-duplicated; hidden ones not shown
def test_locations_are_cleaned_structured_and_deduplicated():
    sr = by_title(parse("smartrecruiters", {"list-000.json": "smartrecruiters-list.json"}))
    chennai = sr["Inżynier DevOps"]
    assert chennai.locations == ["Chennai, India"] and chennai.places[0].country_code == "IN"
    orlando = parse("remoteok", {"board.json": "remoteok.json"}).postings[0]
    assert orlando.locations == ["Orlando"]
    workable = by_title(parse("workable", {"board.json": "workable.json"}))
    assert workable["Office Manager"].locations == ["Lisbon, Portugal"]  # Braga is hidden
    gh = greenhouse()
    staff = gh["Staff Software Engineer, Infrastructure"]
    assert staff.locations == ["New York, NY", "Remote-Friendly"]  # the office repeats New York
    assert (staff.places[0].city, staff.places[0].region, staff.places[0].country_code) == (
        "New York City",
        "NY",
        "US",
    )
    assert staff.places[1].remote
    warehouse = gh["Warehouse Associate (Part Time)"]
    assert warehouse.locations == ["Berlin, Germany", "Munich, Germany"]  # pipe split; offices add nothing
    assert [p.country_code for p in warehouse.places] == ["DE", "DE"]
    remote_eu = ashby()["Support Engineer"].places[0]
    assert remote_eu.remote and remote_eu.remote_region == "EU"


# 8. SmartRecruiters posting without its detail document is kept
def test_smartrecruiters_posting_without_detail_is_kept_and_flagged():
    sr = by_title(
        parse(
            "smartrecruiters",
            {
                "list-000.json": "smartrecruiters-list.json",
                "detail-744000098765401.json": "smartrecruiters-detail-744000098765401.json",
            },
        )
    )
    missing = sr["Kierownik projektu"]
    assert missing.detail_missing and missing.description_text == ""
    assert (
        missing.locations == ["Kraków, Lesser Poland, Poland"]
        and missing.workplace_type == WorkplaceType.HYBRID
    )
    assert missing.department == "PMO" and missing.url.endswith("/acme/744000098765402")
    assert not sr["Inżynier DevOps"].detail_missing


# 9. Workable shortcode listed once per location is one job
def test_workable_job_listed_per_location_is_one_job_with_both_locations():
    result = parse("workable", {"board.json": "workable.json"})
    frontend = [p for p in result.postings if p.external_id == "A1B2C3D4E5"]
    assert len(frontend) == 1 and frontend[0].locations == ["Lisbon, Portugal", "Porto, Portugal"]


# 10. JSON-LD sections beside description are part of the text
def test_jsonld_sections_are_included_in_the_description():
    posting = parse(
        "jsonld", {"page-000.html": "careers.html"}, url="https://brightwater.example/careers"
    ).postings[0]
    text = posting.description_text
    for expected in (
        "Join our analytics team.",
        "Responsibilities",
        "- Build dashboards for trial sites",
        "Degree in statistics",
        "- SQL",
        "bachelor degree",
        "36 months of experience",
        "Private health care",
    ):
        assert expected in text, expected
    assert posting.employment_type == "full-time" and posting.places[0].country_code == "GB"


# 11. Mojibake repaired, control characters never kept
def test_mojibake_is_repaired_and_control_characters_dropped():
    posting = parse("remoteok", {"board.json": "remoteok.json"}).postings[0]
    assert "We don’t do meetings before noon." in posting.description_text
    assert posting.company == "Café Crème"
    assert not any(ord(ch) < 32 and ch != "\n" for ch in posting.description_text)
    assert "- Build Django services" in posting.description_text.split("\n")


# 12. Lever salaryDescription kept in the text and parsed
def test_lever_salary_description_is_kept_and_parsed():
    posting = parse("lever", {"page-000.json": "lever.json"}).postings[0]
    assert (
        "The base salary range for this role is CA$140,000 - CA$175,000 per year." in posting.description_text
    )
    pay = posting.compensation
    assert pay and (pay.min, pay.max, pay.currency, pay.interval, pay.source) == (
        140000.0,
        175000.0,
        "CAD",
        CompensationInterval.YEAR,
        "salaryDescription",
    )
    assert "- Ship models to production" in posting.description_text.split("\n")


def test_a_value_of_unexpected_shape_is_rejected_naming_its_field():
    import json

    provider = ProviderConfig.model_validate({"key": "odd", "company": "C", "ats": "ashby", "board": "b"})
    document = {
        "jobs": [
            {"id": "1", "title": "T", "jobUrl": "https://x.example/1", "secondaryLocations": 5},
            {"id": "2", "title": "Fine", "jobUrl": "https://x.example/2"},
        ]
    }
    result = family_for("ashby").parse(Payload({"board.json": json.dumps(document).encode()}), provider, NOW)
    [rejected] = result.rejected
    assert rejected.external_id == "1" and rejected.reason.startswith("field 'secondaryLocations': ")
    assert [p.title for p in result.postings] == ["Fine"]
