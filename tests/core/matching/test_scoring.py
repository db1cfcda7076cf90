"""Scoring rules, one component at a time, on hand-made jobs (no model: cosines are given)."""

import json
from datetime import date, datetime, timezone

import pandas as pd
import pytest

from jobintel_core.matching.profiles import Profile, ProfileError, load_profile, load_profiles
from tests.conftest import REPO_ROOT
from jobintel_core.matching.scoring import MAX_POINTS, SEMANTIC_MAX, ProfileScorer, prepare_jobs, score_jobs, seniority_of

DAY = date(2026, 11, 21)
PROFILE = Profile(name="alex", titles=["Data Engineer"], seniority=["senior"], locations=["Berlin"],
                  workplace=["remote", "hybrid"], must_have=["Python", "SQL"], nice_to_have=["dbt"],
                  excluded=["PHP"], salary_floor=80000, salary_currency="EUR", summary="pipelines")


def job(job_id="j1", title="Senior Data Engineer", text="Python and SQL, some dbt.", locations=("Berlin, Germany",),
        workplace="hybrid", pay=(70000.0, 95000.0, "EUR", "year"), posted=datetime(2026, 11, 20, tzinfo=timezone.utc)):
    low, high, currency, interval = pay if pay else (None, None, None, None)
    return {"job_id": job_id, "title": title, "company": "Acme", "provider": "acme", "url": f"https://a/{job_id}",
            "description_text": text, "locations": list(locations), "workplace_type": workplace,
            "compensation_min": low, "compensation_max": high, "compensation_currency": currency,
            "compensation_interval": interval, "posted_at": posted, "first_seen": DAY}


def score(*jobs, cosine=0.6, profile=PROFILE):
    frame = pd.DataFrame(list(jobs))
    return score_jobs([profile], frame, {(profile.name, j["job_id"]): cosine for j in jobs}, DAY)


def points(row):
    return json.loads(row["explanation"])["components"]


def test_a_perfect_fit_gets_every_rule_point_and_explains_each():
    [row] = score(job(), cosine=0.95).to_dict("records")
    assert row["score"] == 100.0 and not row["excluded"]
    parts = points(row)
    assert {k: v["points"] for k, v in parts.items()} == {k: float(v) for k, v in MAX_POINTS.items()}
    assert parts["salary"]["why"].startswith("up to 95,000 EUR/year")
    assert "title vs 'data engineer'" in row["reasons"]


def test_semantic_term_is_bounded_and_mapped_linearly():
    rows = {c: score(job(), cosine=c).iloc[0]["points_semantic"] for c in (0.1, 0.40, 0.60, 0.80, 0.99)}
    assert rows == {0.1: 0.0, 0.40: 0.0, 0.60: 7.5, 0.80: SEMANTIC_MAX, 0.99: SEMANTIC_MAX}


def test_exclusion_wins_over_any_similarity():
    [row] = score(job(text="Python, SQL and a legacy PHP monolith."), cosine=1.0).to_dict("records")
    assert row["excluded"] and row["score"] == 0.0 and "'PHP'" in row["reasons"]


def test_components_on_both_sides():
    by_id = score(
        job("remote", workplace="remote", locations=("Anywhere",)),
        job("onsite-berlin", workplace="onsite"),
        job("paris", locations=("Paris",)),
        job("low-pay", pay=(50000.0, 60000.0, "EUR", "year")),
        job("usd", pay=(150000.0, 200000.0, "USD", "year")),
        job("hourly", pay=(40.0, 50.0, "EUR", "hour")),
        job("old", posted=datetime(2026, 10, 1, tzinfo=timezone.utc)),
        job("junior", title="Junior Data Engineer"),
        job("staff", title="Staff Data Engineer"),
        job("nosql", text="Python only"),
        job("pm", title="Product Manager"),
    ).set_index("job_id")
    assert by_id.loc["remote", "points_location"] == 15 and by_id.loc["paris", "points_location"] == 0
    assert by_id.loc["onsite-berlin", "points_location"] == 5  # a wanted place, not a wanted workplace
    assert by_id.loc["low-pay", "points_salary"] == 0 and by_id.loc["usd", "points_salary"] == 4
    assert by_id.loc["hourly", "points_salary"] == 8  # 50 EUR/hour = 104,000 a year
    assert by_id.loc["old", "points_freshness"] == 0
    assert by_id.loc["junior", "points_seniority"] == 0 and by_id.loc["staff", "points_seniority"] == 5
    assert by_id.loc["nosql", "points_must_have"] == 7.5
    assert by_id.loc["pm", "points_title"] < 5


def test_order_is_score_then_recency_then_id():
    older = datetime(2026, 11, 10, tzinfo=timezone.utc)
    frame = score(job("b"), job("a"), job("c", posted=older), job("d", title="Product Manager"))
    assert list(frame["job_id"]) == ["a", "b", "c", "d"]


def test_seniority_reading():
    assert [seniority_of(t) for t in ("Sr. Engineer", "Head of Data", "Staff SRE", "Data Intern",
                                      "Engineering Manager", "Backend Engineer")] == [
        "senior", "director", "staff", "intern", "manager", "mid"]


def test_prepared_jobs_survive_missing_fields():
    [prepared] = prepare_jobs(pd.DataFrame([job(pay=None, posted=None, locations=())]))
    row = ProfileScorer(PROFILE).score(prepared, None, DAY)
    assert row["points_semantic"] == 0 and row["points_freshness"] > 0  # falls back to first_seen
    assert json.loads(row["explanation"])["components"]["semantic"]["why"] == "no embedding for this job"


def test_profiles_validate_and_name_file_and_field(tmp_path):
    assert [p.name for p in load_profiles(REPO_ROOT / "config" / "profiles")] == ["alex", "sam"]
    bad = tmp_path / "kim.yaml"
    bad.write_text("titles: [Engineer]\nseniority: [wizard]\n")
    with pytest.raises(ProfileError, match=r"kim.yaml: field 'seniority.0'"):
        load_profile(bad)
    bad.write_text("titles: [Engineer]\nsalary_floor: 100\n")
    with pytest.raises(ProfileError, match="field 'salary_currency': required"):
        load_profile(bad)
    bad.write_text("titles: []\n")
    with pytest.raises(ProfileError, match="field 'titles'"):
        load_profile(bad)
    with pytest.raises(ProfileError, match="no profiles"):
        load_profiles(tmp_path / "empty")
