"""Scoring rules on hand-made jobs (no model: cosines are given). Each cause of issue 11 is tested
on both sides: the fix works, and the opposite case is unchanged."""

from datetime import UTC, date, datetime

import numpy as np
import pandas as pd
import pytest

from jobintel_core.ingestion.reading.locations import resolve_locations
from jobintel_core.ingestion.reading.posting_reading import read_posting
from jobintel_core.matching.profiles.profile import ProfileError, load_profile, load_profiles
from jobintel_core.matching.scoring.explanations import explanation, reasons
from jobintel_core.matching.scoring.job_features import text_language
from jobintel_core.matching.scoring.profile_rules import SAME_FAMILY
from jobintel_core.matching.scoring.scorer import GAINS, PENALTIES, score_jobs
from tests.conftest import REPO_ROOT
from tests.support.profiles import alex

DAY = date(2026, 11, 21)
PROFILE = alex(summary="pipelines")
FILLER = [f"filler{i}" for i in range(40)]  # a day of unrelated jobs the cosines are normalised against


def job(
    job_id="j1",
    title="Senior Data Engineer",
    text="Python and SQL pipelines, some dbt.",
    locations=("Berlin, Germany",),
    workplace="hybrid",
    pay=(70000.0, 95000.0, "EUR", "year"),
    posted=datetime(2026, 11, 20, tzinfo=UTC),
):
    """A row as ingestion writes it: places, skills, level and remote region are read the real way."""
    low, high, currency, interval = pay if pay else (None, None, None, None)
    shown, places = resolve_locations(locations)
    reading = read_posting(title, text, places, workplace)
    return {
        "job_id": job_id,
        "title": title,
        "company": "Acme",
        "provider": "acme",
        "url": f"https://a/{job_id}",
        "description_text": text,
        "locations": shown,
        "places": [p.model_dump() for p in places],
        "workplace_type": workplace,
        "compensation_min": low,
        "compensation_max": high,
        "compensation_currency": currency,
        "compensation_interval": interval,
        "posted_at": posted,
        "first_seen": DAY,
        **reading.model_dump(mode="json"),
    }


def score(*jobs, cosine=0.6, profile=PROFILE, filler_cosine=0.2):
    """Scores of ``jobs`` among 40 unrelated filler jobs (cosines ``filler_cosine`` ± 0.15), as on a
    real day."""
    fillers = [job(f, title="Warehouse Associate", text="Pick and pack.", pay=None) for f in FILLER]
    frame = pd.DataFrame([*jobs, *fillers])
    spread = np.linspace(filler_cosine - 0.15, filler_cosine + 0.15, len(FILLER))
    cosines = {j["job_id"]: cosine for j in jobs} | dict(zip(FILLER, spread, strict=True))
    scores = score_jobs([profile], frame, {profile.name: cosines}, DAY)
    return scores[~scores["job_id"].isin(FILLER)].set_index("job_id")


def test_a_perfect_fit_earns_every_gain_loses_nothing_and_explains_each():
    row = score(job(), cosine=0.95).loc["j1"]
    assert row["score"] == 100.0 and not row["excluded"]
    assert [row[f"points_{k}"] for k in GAINS] == [float(v) for v in GAINS.values()]
    assert [row[f"points_{k}"] for k in PENALTIES] == [0.0] * len(PENALTIES)
    parts = explanation(row)["components"]
    assert parts["salary"]["why"] == "up to 95,000 EUR/year, meets your floor"
    assert "title vs 'Data Engineer': 1.00" in reasons(row)


def test_unknowns_are_neutral_so_an_unrelated_job_has_no_floor_but_a_fit_still_ranks():
    # Cause 1: a remote job with no level, no pay and no region used to start at 31–36 points.
    unrelated = job(
        "pm",
        title="Product Manager",
        text="Own the roadmap.",
        locations=("Remote",),
        workplace="remote",
        pay=None,
    )
    fit = job(
        "fit",
        title="Data Engineer",
        text="Python and SQL.",
        locations=("Remote",),
        workplace="remote",
        pay=None,
    )
    rows = score(unrelated, fit, cosine=0.2)
    assert rows.loc["pm", "score"] == 0.0
    assert rows.loc["fit", "score"] >= 55  # title + skills: earned, and nothing unknown took points away
    for component in ("seniority", "location", "salary", "freshness"):
        assert rows.loc["fit", f"points_{component}"] == 0.0


@pytest.mark.parametrize(
    ("job_title", "wanted", "expected"),
    [
        ("iOS Engineer", "UI Engineer", 0.0),  # shared generic word only
        ("BI Developer", "Web Developer", 0.0),
        ("UI Engineer", "UI Engineer", 1.0),  # the opposite: the same title keeps full points
        (
            "Data Engineer",
            "Data Platform Engineer",
            SAME_FAMILY + (1 - SAME_FAMILY) / 2,
        ),  # same family, half the words
        ("Data Platform Engineer", "Data Platform Engineer", 1.0),
    ],
)
def test_titles_are_compared_by_role_not_by_shared_words(job_title, wanted, expected):
    profile = PROFILE.model_copy(update={"titles": [wanted]})
    row = score(job(title=job_title), profile=profile).loc["j1"]
    assert row["title_similarity"] == expected
    assert row["points_title"] == pytest.approx(GAINS["title"] * expected, abs=0.01)


def test_an_oddly_titled_good_fit_outranks_the_right_title_in_the_wrong_city():
    # Cause 2: no title points, but meaning and skills carry it; the fixed cosine window is gone.
    gardener = job("gardener", title="Pipeline Gardener", text="Tend our Python pipelines and SQL warehouse.")
    far = job("far", locations=("Austin, TX",), workplace="onsite")
    rows = score(gardener, far, cosine=0.7)
    assert rows.loc["gardener", "points_title"] == 0
    assert rows.loc["gardener", "points_semantic"] > 0.75 * GAINS["semantic"]
    assert rows.loc["gardener", "score"] > rows.loc["far", "score"]
    assert rows.loc["far", "points_location"] == -PENALTIES["location"]


def test_the_semantic_term_is_normalised_by_the_day_and_bounded():
    same_cosine = [
        score(job(), cosine=0.33, filler_cosine=f).loc["j1", "points_semantic"] for f in (0.2, 0.5)
    ]
    assert same_cosine[0] > same_cosine[1] == 0.0  # 0.33 stands out among 0.2s, not among 0.5s
    assert score(job(), cosine=1.0).loc["j1", "points_semantic"] == GAINS["semantic"]
    assert score(job(), cosine=0.1).loc["j1", "points_semantic"] == 0.0


def test_a_posting_s_cosine_is_compared_with_postings_in_its_language():
    german = "Du entwickelst Pipelines mit Python und SQL für unser Team, die Daten sind für alle da."
    rows = score(
        job("de", text=german),
        job("en", text="You build pipelines in Python and SQL for our team."),
        cosine=0.33,
        filler_cosine=0.5,
    )
    # the model reads English best: among English postings at 0.5, 0.33 is nothing special, but no
    # German posting of the day is as close (the German group is only shrunk towards the prior)
    assert rows.loc["en", "points_semantic"] == 0.0
    assert rows.loc["de", "points_semantic"] > 0.0
    assert text_language(german) == "de" and text_language("Build pipelines in Python.") == "en"


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Our models are written in Torch and served on k8s.", 1.0),  # aliases
        ("We work with PyTorch.", 1.0),  # the opposite: the name itself
        ("PyTorch is not used here; we use JAX.", 0.0),  # negation
    ],
)
def test_skills_are_read_through_the_vocabulary_with_negation(text, found):
    profile = PROFILE.model_copy(update={"must_have": ["PyTorch"]})
    assert score(job(text=text), profile=profile).loc["j1", "points_must_have"] == GAINS["must_have"] * found


def test_an_unknown_term_still_matches_as_a_word_with_inflections():
    profile = PROFILE.model_copy(update={"must_have": ["lakeFS"], "excluded": ["on-call"]})
    rows = score(
        job("a", text="We version data with lakeFS."),
        job("b", text="lakeFSx is not it."),
        job("c", text="Weekly on-call rotation."),
        profile=profile,
    )
    assert rows.loc["a", "must_found"] == 1 and rows.loc["b", "must_found"] == 0
    assert rows.loc["c", "excluded"] and rows.loc["c", "score"] == 0 and not rows.loc["a", "excluded"]


def test_exclusion_wins_over_any_similarity_but_not_when_negated():
    rows = score(
        job("php", text="Python, SQL and a legacy PHP monolith."),
        job("nophp", text="Python and SQL. No PHP here."),
        cosine=1.0,
    )
    assert rows.loc["php", "excluded"] and rows.loc["php", "score"] == 0.0
    assert reasons(rows.loc["php"]) == "names excluded term 'PHP'"
    assert not rows.loc["nophp", "excluded"] and rows.loc["nophp", "score"] > 80


def test_seniority_comes_from_title_then_text_with_a_real_penalty_two_steps_away():
    rows = score(
        job("title", title="Junior Data Engineer"),  # two steps: −35
        job("years", title="Data Engineer", text="Python and SQL. 6+ years."),  # senior from years
        job("folks", title="Data Engineer", text="Python and SQL. Senior folks only."),
        job("grad", title="Data Engineer", text="Python and SQL. Graduate role, 0-1 years."),
        job("staff", title="Staff Data Engineer"),  # one step: −8
        job("head", title="Head of Data Engineering"),  # management, not director
        job("none", title="Data Engineer", text="Python and SQL."),  # unknown: neutral
    )
    full = -PENALTIES["seniority"]
    assert rows.loc["title", "points_seniority"] == full and rows.loc["grad", "points_seniority"] == full
    assert rows.loc["years", "points_seniority"] == 0 and rows.loc["folks", "points_seniority"] == 0
    assert rows.loc["staff", "points_seniority"] == pytest.approx(full * 8 / 35, abs=0.01)
    assert rows.loc["head", "job_level"] == "manager"
    assert rows.loc["none", "points_seniority"] == 0 and rows.loc["none", "job_level"] is None


def test_remote_jobs_are_judged_by_the_region_a_hire_may_live_in():
    rows = score(
        job("uk", locations=("Remote (UK)",), workplace="remote"),
        job("eu", locations=("Remote (EU)",), workplace="remote"),
        job(
            "de",
            locations=("Hamburg, Germany",),
            workplace="remote",
            text="Python, SQL. Remote within Germany.",
        ),
        job("text-us", locations=("Remote",), workplace="remote", text="Python and SQL. Remote, US only."),
        job("world", locations=("Remote",), workplace="remote", text="Python and SQL. Work from anywhere."),
        job("onsite", workplace="onsite"),
    )
    outside = -PENALTIES["location"]
    assert rows.loc["uk", "points_location"] == outside and rows.loc["text-us", "points_location"] == outside
    assert rows.loc["eu", "points_location"] == 0 and rows.loc["de", "points_location"] == 0
    assert rows.loc["world", "points_location"] == 0
    # a wanted place, not a wanted workplace
    assert rows.loc["onsite", "points_location"] == pytest.approx(outside * 0.375, abs=0.01)
    uk_ok = PROFILE.model_copy(update={"remote_regions": ["GB", "EU"]})
    assert (
        score(job("uk", locations=("Remote (UK)",), workplace="remote"), profile=uk_ok).loc[
            "uk", "points_location"
        ]
        == 0
    )


def test_salary_floors_convert_currencies_from_the_shipped_table():
    profile = PROFILE.model_copy(update={"salary_floor": 240000, "salary_currency": "PLN"})
    rows = score(
        job("eur-high", pay=(70000.0, 80000.0, "EUR", "year")),
        job("eur-low", pay=(30000.0, 40000.0, "EUR", "year")),
        job("pln-month", pay=(20000.0, 25000.0, "PLN", "month")),
        job("unknown", pay=None),
        job("no-rate", pay=(1.0, 2.0, "XAU", "year")),
        profile=profile,
    )
    assert rows.loc["eur-high", "salary_fit"] == "meets" and rows.loc["eur-high", "points_salary"] == 0
    assert rows.loc["eur-low", "salary_fit"] == "below"  # 29 % under the floor: the full penalty
    assert rows.loc["eur-low", "points_salary"] == -PENALTIES["salary"]
    assert rows.loc["pln-month", "pay_yearly"] == 300000 and rows.loc["pln-month", "salary_fit"] == "meets"
    assert rows.loc["unknown", "points_salary"] == 0 and rows.loc["no-rate", "salary_fit"] == "unconvertible"


def test_stale_postings_lose_up_to_ten_points_and_fresh_ones_nothing():
    rows = score(
        job("fresh"),
        job("month", posted=datetime(2026, 10, 21, tzinfo=UTC)),
        job("old", posted=datetime(2026, 8, 1, tzinfo=UTC)),
        job("undated", posted=None),
    )
    full = -PENALTIES["freshness"]
    assert rows.loc["fresh", "points_freshness"] == 0 and rows.loc["old", "points_freshness"] == full
    assert full < rows.loc["month", "points_freshness"] < 0
    assert rows.loc["undated", "age_days"] == 0  # falls back to first_seen


def test_order_is_score_then_recency_then_id():
    older = datetime(2026, 11, 10, tzinfo=UTC)
    frame = score(job("b"), job("a"), job("c", posted=older), job("d", title="Product Manager"))
    assert list(frame.index[:4]) == ["a", "b", "c", "d"]


def test_profiles_validate_and_name_file_and_field(tmp_path):
    assert [p.name for p in load_profiles(REPO_ROOT / "config" / "profiles")] == ["alex", "sam"]
    bad = tmp_path / "kim.yaml"
    bad.write_text("titles: [Engineer]\nseniority: [wizard]\n")
    with pytest.raises(ProfileError, match=r"kim.yaml: field 'seniority.0'"):
        load_profile(bad)
    bad.write_text("titles: [Engineer]\nremote_regions: [Atlantis]\n")
    with pytest.raises(ProfileError, match=r"field 'remote_regions'.*'Atlantis' is not a country"):
        load_profile(bad)
    bad.write_text("titles: [Engineer]\nsalary_floor: 100\n")
    with pytest.raises(ProfileError, match="field 'salary_currency': required"):
        load_profile(bad)
    bad.write_text("titles: []\n")
    with pytest.raises(ProfileError, match="field 'titles'"):
        load_profile(bad)
    with pytest.raises(ProfileError, match="no profiles"):
        load_profiles(tmp_path / "empty")


def test_rows_stored_before_the_reading_columns_are_read_at_scoring_time():
    """An old history partition has no skills, level or remote region: the scorer reads them the
    way ingestion does, so those jobs are not scored as if they asked for nothing."""
    fresh = job("old", locations=("Remote (UK)",), workplace="remote", title="Junior Data Engineer")
    stored = {
        k: v
        for k, v in fresh.items()
        if k not in ("skills", "role_family", "seniority", "years_experience", "remote_region", "places")
    }
    now, before = score(fresh).loc["old"], score(stored).loc["old"]
    for column in ("score", "points_must_have", "points_seniority", "points_location"):
        assert before[column] == now[column], column
    assert now["points_location"] == -PENALTIES["location"]
    assert now["points_seniority"] == -PENALTIES["seniority"]


def test_a_table_with_only_the_basic_columns_still_scores():
    """Facts a table does not have are unknown, hence neutral: nothing fails for a missing column."""
    bare = pd.DataFrame(
        [
            {
                "job_id": "b1",
                "title": "Senior Data Engineer",
                "company": "Acme",
                "provider": "acme",
                "url": "https://a/b1",
                "description_text": "Python and SQL pipelines.",
            }
        ]
    )
    [row] = score_jobs([PROFILE], bare, {}, DAY).to_dict("records")
    assert row["points_title"] == GAINS["title"] and row["points_must_have"] == GAINS["must_have"]
    assert row["job_level"] == "senior"
    assert (
        row["salary_fit"] == "unknown" and row["location_fit"] == "unknown" and row["points_freshness"] == 0
    )
