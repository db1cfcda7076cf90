"""Skill gaps: frequent in the profile's top jobs, absent from the profile, weighted by specificity."""

import pandas as pd

from jobintel_core.insights.skill_gaps import profile_skills, skill_gaps
from jobintel_core.matching.profiles.profile import Profile

TOP = pd.DataFrame(
    {
        "job_id": ["a", "b", "c", "d"],
        "title": ["Data Engineer"] * 4,
        "company": ["Helio", "Lumen", "Helio", "Tidal"],
        "score": [90.0, 80.0, 70.0, 60.0],
    }
)


def asks(pairs: str) -> pd.DataFrame:
    return pd.DataFrame([p.split(":") for p in pairs.split()], columns=["job_id", "skill"])


def test_gaps_rank_specific_skills_above_ubiquitous_ones_and_skip_what_the_profile_has():
    top_skills = asks(
        "a:Spark b:Spark c:Spark a:Docker b:Docker c:Docker d:Docker a:Python b:Python "
        "c:Python d:Python a:Rust"
    )
    market = {"Spark": 5, "Docker": 90, "Python": 80, "Rust": 1}
    gaps = skill_gaps(TOP, top_skills, market, market_jobs=100, have={"Python"})
    assert [g.skill for g in gaps] == ["Spark", "Docker"]  # Python is had; Rust asked by one top job only
    spark, docker = gaps
    assert spark.top_jobs_asking == 3 and spark.market_share == 0.05 and spark.weight > docker.weight
    assert [j.job_id for j in spark.jobs] == ["a", "b", "c"]  # the jobs asking, best first
    assert docker.top_share == 1.0


def test_a_profile_has_what_it_names_anywhere_including_exclusions():
    profile = Profile(
        name="dana",
        titles=["Data Engineer"],
        must_have=["python"],
        nice_to_have=["k8s"],
        excluded=["PHP"],
        summary="I run Dagster and dbt in production.",
    )
    assert {"Python", "Kubernetes", "PHP", "Dagster", "dbt"} <= profile_skills(profile)


def test_the_skills_a_scoring_resume_lists_are_no_gaps_either():
    profile = Profile(name="dana", titles=["Data Engineer"], must_have=["python"])
    have = profile_skills(profile, ["Kafka", "Terraform", "Team leadership"])
    assert {"Python", "Apache Kafka", "Terraform"} <= have and "Apache Kafka" not in profile_skills(profile)
    top = pd.DataFrame(
        {
            "job_id": ["a", "b"],
            "title": ["Data Engineer"] * 2,
            "company": ["Helio"] * 2,
            "score": [90.0, 80.0],
        }
    )
    asked = pd.DataFrame(
        {"job_id": ["a", "b", "a", "b"], "skill": ["Apache Kafka", "Apache Kafka", "Snowflake", "Snowflake"]}
    )
    assert [g.skill for g in skill_gaps(top, asked, {}, 10, profile_skills(profile))] == [
        "Apache Kafka",
        "Snowflake",
    ]
    assert [g.skill for g in skill_gaps(top, asked, {}, 10, have)] == ["Snowflake"]


def test_no_top_jobs_no_gaps():
    assert skill_gaps(TOP.iloc[:0], asks("a:Spark"), {}, 10, set()) == []


def test_jobs_of_a_gap_with_equal_scores_come_in_one_order_whatever_the_input_order():
    """The same posting on two boards scores the same: the report must not depend on the order the
    warehouse returned its skill rows in (a rematerialized report is compared byte for byte)."""
    ids = [f"j{i:02d}" for i in range(30)]
    top = pd.DataFrame({"job_id": ids, "title": "Engineer", "company": "Acme", "score": 50.0})
    orders = set()
    for seed in range(6):
        asked = pd.DataFrame({"job_id": ids, "skill": "Rust"}).sample(frac=1, random_state=seed)
        (gap,) = skill_gaps(top, asked, {"Rust": 30}, 100, set())
        orders.add(tuple(job.job_id for job in gap.jobs))
    assert orders == {tuple(ids[: len(gap.jobs)])}
