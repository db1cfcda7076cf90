"""The profile the scoring and feedback tests score hand-made jobs for: a senior data engineer in
Berlin or remote in the EU, Python and SQL required, PHP excluded. Each test module states what it
changes (its salary floor, shortlist or summary), so the shared part is written once."""

from typing import Any

from jobintel_core.matching.profiles.profile import Profile


def alex(**changes: Any) -> Profile:
    """The shared profile with ``changes`` (any ``Profile`` field) applied."""
    fields: dict[str, Any] = {
        "name": "alex",
        "titles": ["Data Engineer"],
        "seniority": ["senior"],
        "locations": ["Berlin", "Remote (EU)"],
        "workplace": ["remote", "hybrid"],
        "must_have": ["Python", "SQL"],
        "nice_to_have": ["dbt"],
        "excluded": ["PHP"],
        "salary_floor": 80000,
        "salary_currency": "EUR",
    }
    return Profile(**{**fields, **changes})
