"""Pay stated in text: what counts as a range, its currency and interval, and what is not pay."""

import pytest

from jobintel_core.ingestion.reading.pay import CompensationInterval as I
from jobintel_core.ingestion.reading.pay import pay_from_text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The range is $108,400—$129,600 USD.", (108400, 129600, "USD", I.UNKNOWN)),
        ("Base pay: $34.62/hour", (34.62, 34.62, "USD", I.HOUR)),
        ("€60k–75k per year plus bonus", (60000, 75000, "EUR", I.YEAR)),
        ("Salary: 60.000 - 75.000 EUR annually", (60000, 75000, "EUR", I.YEAR)),
        ("£45,000 to £55,000 per annum", (45000, 55000, "GBP", I.YEAR)),
        ("CA$140,000 - CA$175,000 per year", (140000, 175000, "CAD", I.YEAR)),
        ("12 000 – 16 000 PLN a month", (12000, 16000, "PLN", I.MONTH)),
    ],
)
def test_stated_ranges(text, expected):
    pay = pay_from_text(text, "content")
    assert pay is not None and (pay.min, pay.max, pay.currency, pay.interval) == expected
    assert pay.source == "content"


@pytest.mark.parametrize(
    "text",
    [
        "3-5 years of experience",
        "401k matching and 20 days off",
        "Teams of 10 to 12 people",
        "We raised $20M in 2024",
        "",
        None,
    ],
)
def test_text_without_pay(text):
    assert pay_from_text(text, "content") is None
