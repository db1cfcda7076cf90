"""Employment types in one vocabulary, ids before labels, unknown rather than a guess."""

import pytest

from jobintel_core.ingestion.reading.employment import employment_type


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        (("permanent", "Pełny etat"), "full-time"),
        ((None, "Regular"), "full-time"),
        (("FullTime",), "full-time"),
        (("FULL_TIME",), "full-time"),
        (("Full-time, Permanent",), "full-time"),
        (("Teilzeit",), "part-time"),
        (("Werkstudent",), "part-time"),
        (("PART_TIME",), "part-time"),
        (("contract", "Umowa B2B"), "contract"),
        (("Freelance",), "contract"),
        (("CDD",), "temporary"),
        (("Befristet",), "temporary"),
        (("TEMPORARY",), "temporary"),
        (("INTERN",), "internship"),
        (("Praktikum",), "internship"),
        (("Full-time / Contract",), "unknown"),  # parts disagree: not a guess
        (("Flexible",), "unknown"),
        ((None, None), "unknown"),
    ],
)
def test_vocabulary(candidates, expected):
    assert employment_type(*candidates) == expected
