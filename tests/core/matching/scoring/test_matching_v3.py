"""Matching v3 (issue 30): each cause on both sides — the fix works, and the opposite case is unchanged."""

from datetime import date

import pytest
import yaml

from jobintel_core.ingestion.reading.mention_stance import earnest_mention
from jobintel_core.ingestion.reading.roles import ROLES_PATH
from jobintel_core.ingestion.reading.sections import role_lines
from jobintel_core.ingestion.reading.seniority import posting_level
from jobintel_core.ingestion.reading.skills import default_vocabulary
from jobintel_core.ingestion.reading.time_zones import country_span, utc_window
from jobintel_core.matching.embeddings.embedding_text import embedding_text, text_hash
from jobintel_core.matching.profiles.profile import Profile
from jobintel_core.matching.scoring.explanations import explanation, reasons
from jobintel_core.matching.scoring.fusion_weights import FusionWeights, default_fusion_weights
from jobintel_core.matching.scoring.profile_rules import SAME_FAMILY
from jobintel_core.matching.scoring.scorer import GAINS, PENALTIES
from tests.core.matching.scoring.test_scoring import PROFILE, job, score

SUPPORT_MANAGER = Profile(
    name="priya",
    titles=["Customer Support Manager"],
    seniority=["manager"],
    locations=["Lisbon"],
    workplace=["hybrid", "onsite"],
    must_have=["Customer Support"],
    summary="support team lead",
)
LEADS = "Lead a team of twelve support agents: hiring, coaching, one-on-ones. 5+ years in customer service."


# -- 2. levels with tracks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "text", "level"),
    [
        ("Customer Support Manager", "5+ years in customer service.", "manager"),  # years do not overrule
        ("Operations Manager", "3 years of experience.", "manager"),
        ("Manager, Customer Experience", "6+ years.", "manager"),
        ("Senior Engineering Manager", "", "manager"),
        ("Customer Care Captain", LEADS, "manager"),  # no level in the title: the text says it leads people
        ("Support Team Lead", "", "manager"),
        ("Leiter Buchhaltung (m/w/d)", "", "manager"),
        # the opposite: roles that contain the word stay roles, and years still give their level
        ("Product Manager", "5+ years.", "senior"),
        ("Account Manager", "3 years.", "mid"),
        ("Senior Customer Success Manager", "", "senior"),
        ("Key Account Manager", "", None),
        ("Lead Data Engineer", "Mentor juniors. 8+ years.", "senior"),  # "Lead" without people: IC
        ("Chief Financial Officer", "", "director"),
    ],
)
def test_every_function_has_a_management_track_and_role_managers_stay_roles(title, text, level):
    found, _ = posting_level(title, text)
    assert (found.value if found else None) == level


def test_a_manager_profile_matches_people_manager_jobs_of_its_function():
    rows = score(
        job("mgr", title="Customer Support Manager", text=LEADS, locations=("Lisbon, Portugal",)),
        job(
            "ic",
            title="Customer Support Specialist",
            text="Answer tickets. 3+ years in customer service.",
            locations=("Lisbon, Portugal",),
        ),
        profile=SUPPORT_MANAGER,
    )
    assert rows.loc["mgr", "job_level"] == "manager" and rows.loc["mgr", "points_seniority"] == 0
    assert rows.loc["ic", "points_seniority"] == -PENALTIES["seniority"]  # a mid IC is not the job
    assert rows.loc["mgr", "score"] > rows.loc["ic", "score"]


# -- 3. exclusions through the same reading as skills ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "excluded", "note"),
    [
        ("Python and SQL. We migrated away from PHP in 2022.", False, "only as history"),
        ("Python and SQL. The company stopped using PHP two years ago.", False, "only as history"),
        ("Python and SQL. PHP is nice to know, but not required.", False, "only as not required"),
        ("Python and SQL. This team has nothing to do with PHP.", False, "only as not required"),
        ("Python and SQL. No PHP here.", False, None),  # the skills reader drops it: not named at all
        # the opposite: a required or daily-use mention still excludes, wherever it stands
        ("Python and SQL. You will work with PHP every day.", True, None),
        ("Python and SQL. Hands-on PHP experience is required.", True, None),
        ("We moved away from Java. You will maintain our PHP services.", True, None),
    ],
)
def test_exclusions_read_negation_history_and_not_required_like_a_recruiter(text, excluded, note):
    row = score(job(text=text), cosine=0.9).loc["j1"]
    assert bool(row["excluded"]) is excluded
    assert bool(row["score"] == 0.0) is excluded
    if excluded:
        assert reasons(row) == "names excluded term 'PHP'"
        assert explanation(row)["exclusion_note"] == "names excluded term 'PHP'"
        assert row["excluded_mention"] is None
    elif note:  # the reason it does not exclude is in the explanation and the reasons line
        said = f"mentions 'PHP' {note}: not excluded"
        assert row["excluded_mention"] == "PHP"
        assert explanation(row)["exclusion_note"] == said and explanation(row)["excluded"] is None
        assert reasons(row).endswith(f"; {said}")
    else:
        assert explanation(row)["exclusion_note"] is None and "PHP" not in reasons(row)


def _excluding(term):
    return PROFILE.model_copy(update={"excluded": [term]})


@pytest.mark.parametrize(
    ("term", "text", "excluded"),
    [
        # a skill's name used as another word: the sentence's other words say which sense it is
        ("Swift", "Python and SQL pipelines. We settle Swift payments with 40 banks.", False),
        ("Java", "Python and SQL pipelines. Our coffee comes from Java and Sumatra.", False),
        ("cold calling", "Python and SQL pipelines that plan outbound shipments with our carriers.", False),
        # the opposite: the skill itself still excludes
        ("Swift", "Python and SQL pipelines, and our iOS app in Swift.", True),
        ("Java", "Python and SQL pipelines, services in Java.", True),
        ("cold calling", "Python and SQL. Expect 60 cold calling dials a day to new prospects.", True),
    ],
)
def test_an_excluded_term_in_another_sense_does_not_exclude(term, text, excluded):
    row = score(job(text=text), cosine=0.9, profile=_excluding(term)).loc["j1"]
    assert bool(row["excluded"]) is excluded
    if not excluded:
        assert explanation(row)["exclusion_note"] == f"mentions {term!r} only in another sense: not excluded"


def test_an_earnest_mention_is_found_by_its_sentence():
    vocabulary = default_vocabulary()
    text = "We retired our PHP monolith. New services are PHP 8 on Laravel."
    assert earnest_mention(text, vocabulary, ("PHP",)) == "New services are PHP 8 on Laravel."
    assert earnest_mention("We retired our PHP monolith.", vocabulary, ("PHP",)) is None


# -- 4. role from title and body -----------------------------------------------------------------


def test_an_odd_title_with_the_work_of_the_role_scores_by_its_text():
    duties = "Build pipelines in Python and SQL, orchestrate them with Airflow, model the warehouse in dbt."
    rows = score(
        job("odd", title="Pipeline Gardener", text=duties),
        job("plain", title="Data Engineer", text=duties),
        job("other", title="Pixel Whisperer", text="Design flows in Figma, prototyping, user research."),
    )
    assert rows.loc["odd", "title_similarity"] == 1.0  # the role its work describes, like the plain title
    assert rows.loc["odd", "title_target"] == "Data Engineer"
    assert rows.loc["plain", "title_similarity"] == 1.0  # the plain title scores as before
    assert rows.loc["other", "title_similarity"] == 0.0  # an odd title of other work earns nothing


def test_a_title_of_only_generic_words_matches_the_same_title_fully():
    manager = SUPPORT_MANAGER.model_copy(update={"titles": ["Engineering Manager"], "must_have": []})
    rows = score(
        job("same", title="Engineering Manager", text=LEADS),
        job("data", title="Data Engineering Manager", text=LEADS),
        profile=manager,
    )
    # "Engineering Manager" has no distinctive word: identical titles overlap fully, not not at all
    assert rows.loc["same", "title_similarity"] == 1.0
    # the opposite: a title of the family with a word the profile's title lacks is still less alike
    assert rows.loc["data", "title_similarity"] == pytest.approx(SAME_FAMILY)


# -- 5. embed the role, not the boilerplate -------------------------------------------------------

POSTING = "\n".join(
    [
        "Helio Labs is a climate-data platform. Founded in 2014, our mission is to help utilities.",
        "Was wir bieten",
        "- 1.500 € Weiterbildungsbudget pro Jahr",
        "- 30 Tage Urlaub",
        "Deine Aufgaben",
        "- Du entwickelst Batch- und Streaming-Pipelines mit Python und SQL",
        "Dein Profil",
        "- Sehr gute Kenntnisse in SQL",
        "We welcome applicants regardless of race, gender or disability.",
        "A yearly learning budget and a pension plan for everyone.",
    ]
)


def test_the_embedding_text_keeps_duties_and_requirements_and_drops_pitch_benefits_and_legal():
    kept = role_lines(POSTING, "Helio Labs")
    assert kept == [
        "- Du entwickelst Batch- und Streaming-Pipelines mit Python und SQL",
        "- Sehr gute Kenntnisse in SQL",
    ]
    # the opposite: a posting with no boilerplate keeps every line, budgets among duties included
    plain = "Own the marketing budget and the campaign calendar.\nReport to the CMO."
    assert role_lines(plain, "Helio Labs") == plain.split("\n")


def test_the_cache_key_follows_the_text():
    row = {"title": "Data Engineer", "company": "Helio Labs", "description_text": POSTING, "locations": []}
    changed = {**row, "description_text": POSTING.replace("Python und SQL", "Scala")}
    boilerplate_only = {**row, "description_text": POSTING.replace("30 Tage Urlaub", "28 Tage Urlaub")}
    assert text_hash(embedding_text(row)) != text_hash(embedding_text(changed))
    assert embedding_text(row) == embedding_text(boilerplate_only)  # benefits do not move the vector


# -- 6. remote scope with time zones --------------------------------------------------------------


def test_remote_limited_to_time_zones_is_not_worldwide():
    text = "Python and SQL. Fully remote, worldwide, but you must work within UTC+6 to UTC+10."
    berlin = score(job("tz", locations=("Remote",), workplace="remote", text=text)).loc["tz"]
    assert berlin["location_fit"] == "remote_hours_outside"
    assert berlin["points_location"] == -PENALTIES["location"]
    assert "UTC+6 to UTC+10" in explanation(berlin)["components"]["location"]["why"]
    inside = text.replace("UTC+6 to UTC+10", "UTC+0 to UTC+3")
    assert (
        score(job("tz", locations=("Remote",), workplace="remote", text=inside)).loc["tz", "points_location"]
        == 0
    )
    # the opposite: a worldwide remote posting with no hours stays open
    anywhere = score(
        job("w", locations=("Remote",), workplace="remote", text="Python, SQL. Work from anywhere.")
    )
    assert anywhere.loc["w", "points_location"] == 0


def test_time_zone_windows_and_country_spans_are_read():
    assert utc_window("overlap US time zones (UTC-8 to UTC-5)") == (-8.0, -5.0)
    assert utc_window("Remote, CET ± 2 hours") == (-1.0, 3.0)
    assert utc_window("We test our estimates.") is None
    assert country_span("DE") == (1.0, 1.0) and country_span("US")[0] <= -8  # type: ignore[index]


# -- 1. the salary term scales with the shortfall and stays neutral when pay is unknown ---------


def test_the_salary_penalty_grows_with_how_far_under_the_floor():
    rows = score(
        job("1pc", pay=(70000.0, 79200.0, "EUR", "year")),  # floor 80,000: 1 % under
        job("10pc", pay=(60000.0, 72000.0, "EUR", "year")),
        job("90pc", pay=(6000.0, 8000.0, "EUR", "year")),
        job("meets", pay=(70000.0, 95000.0, "EUR", "year")),
        job("unknown", pay=None),
    )
    full = -PENALTIES["salary"]
    assert rows.loc["1pc", "points_salary"] == pytest.approx(full * 0.04, abs=0.01)
    assert rows.loc["10pc", "points_salary"] == pytest.approx(full * 0.4, abs=0.01)
    assert rows.loc["90pc", "points_salary"] == full
    assert rows.loc["meets", "points_salary"] == 0 and rows.loc["unknown", "points_salary"] == 0


# -- 7. learned fusion weights ---------------------------------------------------------------------


def test_the_shipped_weights_are_dated_data_and_the_explanation_shows_their_points():
    weights = default_fusion_weights()
    assert weights.fitted_on and isinstance(weights.fitted_at, date)
    assert weights.gains == GAINS and weights.penalties == PENALTIES
    row = score(job(), cosine=0.95).loc["j1"]
    parts = explanation(row)["components"]
    assert parts["title"]["range"] == [0, round(GAINS["title"], 2)]
    assert parts["salary"]["range"] == [-PENALTIES["salary"], 0]
    assert row["score"] == 100.0  # a perfect fit still earns every gain


def test_weights_must_keep_more_fit_more_points():
    document = default_fusion_weights().model_dump()
    with pytest.raises(ValueError, match="≥ 0"):
        FusionWeights.model_validate({**document, "penalties": {**document["penalties"], "salary": -1}})
    with pytest.raises(ValueError, match="sum to 100"):
        FusionWeights.model_validate({**document, "gains": {**document["gains"], "title": 90}})
    assert yaml.safe_dump(document)  # plain data


def test_every_skill_that_names_a_role_family_is_a_vocabulary_skill():
    known = default_vocabulary().categories
    families = yaml.safe_load(ROLES_PATH.read_text(encoding="utf-8"))["families"]
    assert {s for f in families.values() for s in f.get("skills", [])} <= set(known)
