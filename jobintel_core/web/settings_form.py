"""Settings and onboarding: a profile edited in a form, validated by the same model and rules as the
pipeline's profile loader (``profile_from_document``) and saved atomically as the profile file the
pipeline reads. A refused value names its field and leaves the file as it was."""

from __future__ import annotations

import re
from pathlib import Path

from starlette.datastructures import FormData

from jobintel_core.ingestion.normalization.posting import WorkplaceType
from jobintel_core.ingestion.reading.seniority import Seniority
from jobintel_core.matching.profiles.profile import (
    ALERT_CHANNELS,
    Profile,
    ProfileError,
    profile_from_document,
    save_profile,
)

LIST_FIELDS = ("titles", "locations", "remote_regions", "must_have", "nice_to_have", "excluded")
SENIORITIES = [s.value for s in Seniority]
WORKPLACES = [w.value for w in WorkplaceType if w is not WorkplaceType.UNKNOWN]
CHANNELS = list(ALERT_CHANNELS)


def _items(text: str) -> list[str]:
    """One item per line or comma: how the form's text areas hold lists."""
    return [item.strip() for item in re.split(r"[,\n]", text) if item.strip()]


def document_from_form(form: FormData) -> dict[str, object]:
    def text(name: str) -> str:
        value = form.get(name, "")
        return value.strip() if isinstance(value, str) else ""

    document: dict[str, object] = {name: _items(text(name)) for name in LIST_FIELDS}
    document["seniority"] = [v for v in form.getlist("seniority") if isinstance(v, str)]
    document["workplace"] = [v for v in form.getlist("workplace") if isinstance(v, str)]
    document["summary"] = text("summary")
    document["salary_floor"] = text("salary_floor") or None
    document["salary_currency"] = text("salary_currency") or None
    document["shortlist"] = {"min_score": text("min_score") or 55, "top_n": text("top_n") or 20}
    document["alerts"] = {
        "channels": [v for v in form.getlist("alert_channels") if isinstance(v, str)],
        "email": text("alert_email") or None,
    }
    return document


def save_from_form(directory: Path, name: str, form: FormData) -> Profile:
    """Validate and save; ``ProfileError`` (naming the field) leaves the file untouched."""
    profile = profile_from_document(
        {**document_from_form(form), "name": name}, Path(directory) / f"{name}.yaml"
    )
    save_profile(directory, profile)
    return profile


def refused_fields(error: ProfileError) -> list[str]:
    return re.findall(r"field '([^']+)'", str(error))


def comment_lines(path: Path) -> int:
    """Comment lines in a hand-written profile: saving from the form rewrites the file without them."""
    if not path.is_file():
        return 0
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.lstrip().startswith("#"))
