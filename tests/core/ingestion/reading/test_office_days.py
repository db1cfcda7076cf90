"""Office-day wording: what turns a remote-flagged posting hybrid, and what does not."""

import pytest

from jobintel_core.ingestion.reading.office_days import office_days_rule


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        (
            "This position requires presence in our San Francisco office 4 days per week.",
            "days_per_week_in_office",
        ),
        ("We expect you in the office two days a week.", "days_per_week_in_office"),
        (
            "A hybrid position (2-3 days a week) out of our Mountain View headquarters.",
            "days_per_week_in_office",
        ),
        ("Location: Berlin (hybrid, at least two days a week in-office)", "days_per_week_in_office"),
        ("Structured hybrid working arrangement: 3 days in our Toronto office", "days_in_the_office"),
        ("Onsite presence required.", "office_presence_required"),
        ("This role is based onsite in our NYC office.", "office_is_the_place_of_work"),
        ("This is a hybrid role with a minimum of time in Paris.", "hybrid_role_stated"),
    ],
)
def test_office_day_wording(text, rule):
    assert office_days_rule(text) == rule


@pytest.mark.parametrize(
    "text",
    [
        "Experience with multi-cloud and hybrid cloud architectures",
        "We build hybrid search and a hybrid interview loop",
        "Weekly lunch stipend, in-office lunches & snacks",
        "Whether remote or in-office, we support how you thrive best",
        "Quarterly stipend for in-person gatherings",
        "You will start fully remote and transition to hybrid once offices open",
        "20 days of paid time off per year",
        "",
        None,
    ],
)
def test_no_office_day_wording(text):
    assert office_days_rule(text) is None
