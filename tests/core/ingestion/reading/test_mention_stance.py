"""How a sentence names a term: in earnest, negated, as history, as not needed, or in another sense."""

import pytest

from jobintel_core.ingestion.reading.mention_stance import mention_stance, skill_senses
from jobintel_core.ingestion.reading.skills import default_vocabulary


@pytest.mark.parametrize(
    ("text", "names", "stance"),
    [
        ("No Java here.", ("Java",), "negated"),
        ("We migrated away from Java in 2022.", ("Java",), "history"),
        ("Java experience is not required.", ("Java",), "not_needed"),
        ("We settle Swift payments with 40 banks.", ("Swift",), "other_sense"),
        ("Plan outbound shipments with our carriers.", ("Sales Development",), "other_sense"),
        # the opposite: the same words used for the skill are earnest
        ("You will build our iOS app in Swift.", ("Swift",), "earnest"),
        ("Expect 60 cold calling dials a day.", ("Sales Development",), "earnest"),
        ("Services in Java and Kotlin.", ("Java",), "earnest"),
        ("Python and SQL.", ("Java",), None),
    ],
)
def test_each_sentence_says_how_it_names_the_term(text, names, stance):
    read = mention_stance(text, default_vocabulary(), names)
    assert (read[0] if read else None) == stance


def test_an_earnest_sentence_wins_over_earlier_other_mentions():
    text = "We migrated away from Java. Our coffee is from Java. New services are Java 21."
    assert mention_stance(text, default_vocabulary(), ("Java",)) == ("earnest", "New services are Java 21.")
    # the opposite: without it, the first mention's stance is the reason
    assert mention_stance(text.rsplit(".", 2)[0], default_vocabulary(), ("Java",))[0] == "history"


def test_every_sense_belongs_to_a_vocabulary_skill():
    senses = skill_senses()
    assert senses and set(senses) <= set(default_vocabulary().categories)


def test_a_malformed_sense_fails_naming_the_file_and_skill(tmp_path):
    path = tmp_path / "skills.yaml"
    path.write_text("categories: {}\nsenses:\n  Swift: payments\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"skills.yaml: senses.Swift: expected a list of words"):
        skill_senses(path)
