"""Stored partitions become flat raw rows: nested columns joined or split out, zones dropped."""

from datetime import UTC, date, datetime

import pyarrow as pa

from jobintel_core.ingestion.normalization.jobs_table import JOBS_SCHEMA, PLACE_TYPE
from jobintel_core.warehouse.sources import JOBS, SOURCES, shape, skills_rows

DAY = date(2026, 11, 18)


def stored_jobs() -> pa.Table:
    base = {f.name: [None, None] for f in JOBS_SCHEMA}
    base.update(
        job_id=["j1", "j2"],
        provider=["northwind", "northwind"],
        title=["Data Engineer", "Analyst"],
        locations=[["Berlin, Germany", "Remote (EU)"], []],
        places=[
            [
                {
                    "text": "Berlin",
                    "city": "Berlin",
                    "region": None,
                    "country_code": "DE",
                    "remote": False,
                    "remote_region": None,
                },
                {
                    "text": "Remote (EU)",
                    "city": None,
                    "region": None,
                    "country_code": None,
                    "remote": True,
                    "remote_region": "EU",
                },
            ],
            [],
        ],
        skills=[["Python", "SQL"], []],
        posted_at=[datetime(2026, 11, 17, 9, 30, tzinfo=UTC), None],
    )
    assert JOBS_SCHEMA.field("places").type.value_type == PLACE_TYPE
    return pa.Table.from_pydict(base, schema=JOBS_SCHEMA)


def test_jobs_rows_are_flat_and_dated():
    table = shape(stored_jobs(), JOBS, DAY).to_pylist()
    assert table[0]["partition_date"] == DAY and table[0]["country_code"] == "DE"
    assert table[0]["country_codes"] == "DE" and table[0]["locations"] == "Berlin, Germany; Remote (EU)"
    assert table[0]["posted_at"] == datetime(2026, 11, 17, 9, 30)  # UTC, without the zone
    assert (table[1]["country_code"], table[1]["locations"]) == (None, "")
    assert shape(stored_jobs(), JOBS, DAY).schema == JOBS
    assert set(SOURCES) == {
        "jobs",
        "job_skills",
        "job_history",
        "job_changes",
        "job_scores",
        "shortlist",
        "ratings",
        "outcomes",
    }


def test_skills_become_one_row_per_job_and_skill():
    assert skills_rows(stored_jobs(), DAY).to_pylist() == [
        {"partition_date": DAY, "provider": "northwind", "job_id": "j1", "skill": "Python"},
        {"partition_date": DAY, "provider": "northwind", "job_id": "j1", "skill": "SQL"},
    ]


def test_history_keeps_open_jobs_and_those_closed_that_day():
    from jobintel_core.history.tracking import HISTORY_SCHEMA
    from jobintel_core.warehouse.sources import history_rows

    base = {f.name: [None] * 3 for f in HISTORY_SCHEMA}
    base.update(
        job_id=["open", "closed-today", "closed-before"],
        status=["open", "closed", "closed"],
        closed_on=[None, DAY, date(2026, 11, 1)],
        places=[[], [], []],
        locations=[[], [], []],
        skills=[[], [], []],
        content_hashes=[[], [], []],
        absorbed_ids=[[], [], []],
    )
    rows = history_rows(pa.Table.from_pydict(base, schema=HISTORY_SCHEMA), DAY)
    assert rows.column("job_id").to_pylist() == ["open", "closed-today"]
