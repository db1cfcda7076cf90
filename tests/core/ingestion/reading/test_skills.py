"""The skill vocabulary and the negation-aware reader that fills the ``skills`` column."""

import pytest

from jobintel_core.ingestion.reading.skills import (
    Vocabulary,
    default_vocabulary,
    inflections,
    load_vocabulary,
)


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return default_vocabulary()


def found(vocabulary: Vocabulary, text: str) -> set[str]:
    return set(vocabulary.mentions(text).found)


def test_the_vocabulary_is_curated_and_broad(vocabulary):
    assert len(vocabulary.categories) >= 350
    per_category = {}
    for category in vocabulary.categories.values():
        per_category[category] = per_category.get(category, 0) + 1
    for category in (
        "programming_languages",
        "data_engineering",
        "design",
        "product_management",
        "marketing",
        "finance_accounting",
        "sales_customer",
    ):
        assert per_category[category] >= 10, category


@pytest.mark.parametrize(
    ("text", "skills"),
    [
        ("served on k8s", {"Kubernetes"}),
        ("models written in Torch", {"PyTorch"}),
        ("we fine-tuned several LLMs", {"Fine-tuning", "LLM"}),
        ("transformer models and Hugging Face transformers", {"Transformers", "Hugging Face"}),
        ("We write TSX all day", {"React", "TypeScript"}),
        ("dashboards in GA4", {"Google Analytics", "Dashboards"}),
        ("a shared design-system package", {"Design Systems"}),
        ("keep our UI accessible", {"Accessibility"}),
        ("Monatsabschluss nach HGB in SAP", {"Month-end Close", "HGB", "SAP"}),
    ],
)
def test_aliases_and_inflections_name_one_skill(vocabulary, text, skills):
    assert found(vocabulary, text) == skills


def test_longest_variant_wins_and_words_are_whole(vocabulary):
    assert found(vocabulary, "Google Analytics and JavaScript") == {"Google Analytics", "JavaScript"}
    assert "Java" not in found(vocabulary, "JavaScript and SQLAlchemy") and "SQL" not in found(
        vocabulary, "SQLAlchemy"
    )


def test_case_sensitive_variants_tell_skills_from_words(vocabulary):
    assert "Go" in found(vocabulary, "Our Go services") and "Go" not in found(vocabulary, "go live fast")
    assert found(vocabulary, "Go to market") == {"Go-to-market"}
    assert "R" in found(vocabulary, "statistics in R and Python") and "R" not in found(
        vocabulary, "our r and d team"
    )


@pytest.mark.parametrize(
    ("text", "present", "negated"),
    [
        ("Python is not used here.", set(), {"Python"}),
        ("Python is used everywhere.", {"Python"}, set()),
        ("No PHP here, ever.", set(), {"PHP"}),
        ("We use PHP and no Java.", {"PHP"}, {"Java"}),
        ("We do not use React or TypeScript: our stack is Java.", {"Java"}, {"React", "TypeScript"}),
        ("We retired the last PHP service in 2021.", set(), {"PHP"}),
        ("No PHP in the backend. Legacy PHP scripts remain.", {"PHP"}, set()),  # one plain mention counts
        ("Kubernetes is a plus, not required.", {"Kubernetes"}, set()),
    ],
)
def test_negation_covers_the_clause_not_the_posting(vocabulary, text, present, negated):
    mentions = vocabulary.mentions(text)
    assert set(mentions.found) == present and set(mentions.negated) == negated


def test_profile_terms_resolve_through_the_same_vocabulary(vocabulary):
    assert vocabulary.resolve("k8s") == ("Kubernetes",) and vocabulary.resolve("TSX") == (
        "React",
        "TypeScript",
    )
    assert vocabulary.resolve("design systems") == ("Design Systems",) and vocabulary.resolve("LLMs") == (
        "LLM",
    )
    assert vocabulary.resolve("Kotlin Multiplatform") == ()  # unknown: matched literally by scoring


def test_inflections_are_for_longer_words_only():
    assert {"systems", "tuning", "tuned"} <= inflections("system") | inflections("tune")
    assert inflections("go") == {"go"} and "transformer" in inflections("transformers")


def test_a_bad_vocabulary_line_names_file_category_and_entry(tmp_path):
    path = tmp_path / "skills.yaml"
    path.write_text("version: 1\ncategories:\n  data:\n    - Python | py3\n    - SQL |  | tsql\n")
    with pytest.raises(ValueError, match=r"skills.yaml: category 'data', entry 2: empty name or alias"):
        load_vocabulary(path)
    path.write_text("version: 1\ncategories:\n  a:\n    - Python\n  b:\n    - Python | py\n")
    with pytest.raises(ValueError, match="'Python' is listed twice"):
        load_vocabulary(path)
