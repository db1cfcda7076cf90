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
        # a dollar sign with a country's letters is that country's peso, not US dollars
        ("Salary: MX$200,000 - MX$227,000 per year", (200000, 227000, "MXN", I.YEAR)),
        ("Salario: 200 000 MX$ - 227 000 MX$ al año", (200000, 227000, "MXN", I.YEAR)),
        # French and Spanish postings state the interval in their own words
        ("Rémunération : 4 000 - 5 000 € par mois", (4000, 5000, "EUR", I.MONTH)),
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


@pytest.mark.parametrize(
    "text",
    [
        "- $1,500 annual learning budget",  # a benefit, with an interval
        "Home office stipend: $500 – $750",
        "- $1,000 - $2,500 for conferences and books",
        "Relocation bonus of $5,000 - $7,500",
        "- Managing $500K to $1M+/month in paid media spend",
        "Salary: $1,500 - $2,000 per year",  # no annual salary is that low
        "Present our programs ($99-$649) to families",  # no pay context
    ],
)
def test_benefit_and_business_amounts_and_implausible_salaries_are_not_pay(text):
    assert pay_from_text(text, "content") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Compensation\n$160K – $250K + Equity", (160000, 250000, "USD", I.UNKNOWN)),  # the heading above
        ("Compensation will be paid in the range of $20-25/hr.", (20, 25, "USD", I.HOUR)),
        (
            "- $1,500 learning budget\nThe base salary range is $120,000 - $150,000.",
            (120000, 150000, "USD", I.UNKNOWN),
        ),
        ("Gehalt: 60.000 – 75.000 € pro Jahr", (60000, 75000, "EUR", I.YEAR)),
    ],
)
def test_a_range_in_a_pay_context_is_pay_even_beside_a_benefit(text, expected):
    pay = pay_from_text(text, "content")
    assert pay is not None and (pay.min, pay.max, pay.currency, pay.interval) == expected
