"""Parsers over the bundled snapshots and over hand-made edge cases in the real payload shapes."""

import json
from datetime import UTC, date, datetime

import pytest

from jobintel_core.config.registry import ProviderConfig
from jobintel_core.config.settings import DEFAULT_SNAPSHOT_DIR
from jobintel_core.ingestion.acquisition.captures import SnapshotNotFound, find_snapshot, list_snapshots
from jobintel_core.ingestion.ats import PayloadError, family_for
from jobintel_core.ingestion.fetching.payload import Payload

FETCHED = datetime(2026, 11, 20, tzinfo=UTC)
GH = ProviderConfig(key="acme", company="Acme", ats="greenhouse", board="acme")
LV = ProviderConfig(key="acme-lever", company="Acme", ats="lever", board="acme")
AB = ProviderConfig(key="acme-ashby", company="Acme", ats="ashby", board="acme")


def parse(provider, payload):
    return family_for(provider.ats).parse(
        Payload.single("board.json", json.dumps(payload).encode()), provider, FETCHED
    )


CAPTURE_DAYS = ["2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20"]


def test_bundled_snapshots_cover_the_brief(bundled_registry):
    """6 companies over 3 ATS families, 4 capture dates each, 172 postings on the last day, all parse."""
    total = 0
    for provider in bundled_registry.enabled():
        snapshots = list_snapshots(DEFAULT_SNAPSHOT_DIR, provider.key)
        assert [s.capture_date.isoformat() for s in snapshots] == CAPTURE_DAYS, provider.key
        latest = snapshots[-1]
        result = family_for(provider.ats).parse(latest.load(), provider, latest.captured_at)
        assert not result.rejected, (provider.key, result.rejected)
        total += len(result.postings)
    assert len(bundled_registry.enabled()) == 6 and total == 172


def test_snapshot_lookup_takes_latest_on_or_before():
    assert find_snapshot(DEFAULT_SNAPSHOT_DIR, "northwind", date(2026, 11, 19)).capture_date == date(
        2026, 11, 19
    )
    assert find_snapshot(DEFAULT_SNAPSHOT_DIR, "northwind", date(2027, 1, 1)).capture_date == date(
        2026, 11, 20
    )
    with pytest.raises(SnapshotNotFound, match=r"'northwind'.*2026-11-01"):
        find_snapshot(DEFAULT_SNAPSHOT_DIR, "northwind", date(2026, 11, 1))


def test_greenhouse_escaped_content_metadata_and_offices():
    payload = {
        "jobs": [
            {
                "id": 77,
                "title": "  Data\u00a0Engineer ",
                "absolute_url": "https://acme.example/jobs?gh_jid=77&gh_src=x",
                "location": {"name": "Berlin, Germany"},
                "company_name": "Acme GmbH",
                "offices": [
                    {"id": 1, "name": "Berlin", "location": "Berlin, Germany"},
                    {"id": 2, "name": "München"},
                ],
                "departments": [{"id": 3, "name": "Data"}],
                "metadata": [
                    {"id": 9, "name": "Location Type", "value": "Hybrid", "value_type": "single_select"}
                ],
                "first_published": "2026-11-01T09:00:00-05:00",
                "updated_at": "2026-11-02T10:00:00-05:00",
                "content": "&lt;p&gt;Build &amp;amp; run&lt;/p&gt;&lt;ul&gt;&lt;li&gt;SQL&lt;/li&gt;&lt;/ul&gt;",
            }
        ],
        "meta": {"total": 1},
    }
    [job] = parse(GH, payload).postings
    # One company's board: named by its registry entry, whatever the payload calls it.
    assert job.title == "Data Engineer" and job.company == "Acme"
    assert job.description_text == "Build & run\n- SQL"
    assert job.locations == ["Berlin, Germany", "München"]
    assert job.workplace_type == "hybrid" and job.department == "Data"
    assert job.url == "https://acme.example/jobs?gh_jid=77"
    assert job.posted_at == datetime(2026, 11, 1, 14, 0, tzinfo=UTC)


def test_lever_assembles_lists_salary_and_epoch_ms():
    payload = [
        {
            "id": "abc-1",
            "text": "Platform Engineer",
            "hostedUrl": "https://jobs.lever.co/acme/abc-1",
            "applyUrl": "https://jobs.lever.co/acme/abc-1/apply",
            "createdAt": 1763596800000,
            "categories": {
                "commitment": "Full Time",
                "location": "Remote",
                "team": "Infra",
                "allLocations": ["Remote", "NYC"],
            },
            "workplaceType": "unspecified",
            "description": "<div>Intro</div>",
            "lists": [{"text": "You will", "content": "<li>Run k8s</li>"}],
            "additional": "<p>EOE</p>",
            "salaryRange": {"currency": "usd", "interval": "per-year-salary", "min": 100000, "max": 150000},
        }
    ]
    [job] = parse(LV, payload).postings
    assert job.description_text == "Intro\nYou will\n- Run k8s\nEOE"
    assert job.workplace_type == "remote"  # unspecified → inferred from the location text
    assert job.employment_type == "full-time" and job.locations == ["Remote", "NYC"]
    assert (job.compensation.min, job.compensation.max, job.compensation.currency) == (100000, 150000, "USD")
    assert job.compensation.interval == "year" and job.posted_at.year == 2025


def test_ashby_prefers_workplace_type_drops_unlisted_and_reads_salary_tiers():
    def job(i, **extra):
        return {
            "id": f"id-{i}",
            "title": f" Role {i} ",
            "jobUrl": f"https://jobs.ashbyhq.com/acme/id-{i}",
            "isListed": True,
            "location": "Remote",
            **extra,
        }

    payload = {
        "jobs": [
            job(
                1,
                workplaceType="Hybrid",
                isRemote=True,
                compensation={
                    "compensationTiers": [
                        {
                            "components": [
                                {
                                    "compensationType": "Salary",
                                    "interval": "1 YEAR",
                                    "currencyCode": "EUR",
                                    "minValue": 90000,
                                    "maxValue": 110000,
                                },
                                {"compensationType": "EquityPercentage", "minValue": 0.1, "maxValue": 0.2},
                            ]
                        },
                        {
                            "components": [
                                {
                                    "compensationType": "Salary",
                                    "interval": "1 YEAR",
                                    "currencyCode": "EUR",
                                    "minValue": 100000,
                                    "maxValue": 130000,
                                }
                            ]
                        },
                    ]
                },
            ),
            job(2, isListed=False),
            job(3, isRemote=True),
        ]
    }
    result = parse(AB, payload)
    assert result.unlisted == 1 and [p.title for p in result.postings] == ["Role 1", "Role 3"]
    first, third = result.postings
    assert first.workplace_type == "hybrid" and third.workplace_type == "remote"
    assert (first.compensation.min, first.compensation.max, first.compensation.currency) == (
        90000,
        130000,
        "EUR",
    )


def test_bad_record_is_rejected_with_field_named_and_others_kept():
    payload = {
        "jobs": [
            {"id": 1, "title": "Good", "absolute_url": "https://a.example/1"},
            {"id": 2, "title": "", "absolute_url": "https://a.example/2"},
            {"id": 3, "title": "No URL"},
            {"id": 4, "title": "Bad date", "absolute_url": "https://a.example/4", "updated_at": "yesterday"},
            "not an object",
        ]
    }
    result = parse(GH, payload)
    assert [p.external_id for p in result.postings] == ["1"]
    reasons = {r.index: r.reason for r in result.rejected}
    assert "field 'title'" in reasons[1] and "field 'absolute_url'" in reasons[2]
    assert "field 'updated_at'" in reasons[3] and "expected an object" in reasons[4]


@pytest.mark.parametrize(
    ("provider", "body", "message"),
    [
        (GH, b'{"jobs": [{"id": 1, "title": "cut', "not valid JSON"),
        (GH, b"[]", "'jobs' list"),
        (LV, b'{"postings": []}', "JSON array"),
        (AB, b"   ", "empty"),
        (AB, b"<html>Access denied</html>", "not valid JSON"),
    ],
)
def test_malformed_payload_names_provider_and_cause(provider, body, message):
    with pytest.raises(PayloadError) as err:
        family_for(provider.ats).parse(Payload.single("board.json", body), provider, FETCHED)
    assert f"provider '{provider.key}'" in str(err.value) and message in str(err.value)


def test_same_payload_same_postings_and_hashes():
    snap = find_snapshot(DEFAULT_SNAPSHOT_DIR, "lumen-ai", date(2026, 11, 20))
    provider = ProviderConfig(key="lumen-ai", company="Lumen AI", ats="ashby", board="lumen")
    first = family_for("ashby").parse(snap.load(), provider, snap.captured_at).postings
    second = family_for("ashby").parse(snap.load(), provider, snap.captured_at).postings
    assert first == second
