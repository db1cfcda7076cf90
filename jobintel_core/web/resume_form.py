"""The résumé confirm form: one text area per JSON Resume section, in YAML, so every field the import
read (or missed) can be corrected without a page of nested inputs and without script.

YAML is read with the base loader (every value a string: ``2021`` stays the date the user typed,
not a number) and validated by the core's ``Resume`` model; a refused value names its field the way
the import's ``missing`` list does (``work[1].startDate``) and nothing is saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml
from pydantic import ValidationError

from jobintel_core.applications.resume import Resume

SECTIONS = ("basics", "work", "education", "skills", "projects", "languages", "certificates")


class ResumeFormError(ValueError):
    """The form cannot become a résumé; ``fields`` names what to correct."""

    def __init__(self, message: str, fields: list[str]) -> None:
        super().__init__(message)
        self.fields = fields


def section_texts(resume: Resume) -> dict[str, str]:
    """Each section as YAML for its text area (JSON Resume names: ``startDate``, ``studyType``)."""
    document = resume.model_dump(by_alias=True)
    return {
        name: yaml.safe_dump(document[name], allow_unicode=True, sort_keys=False, width=100)
        for name in SECTIONS
    }


def resume_from_form(form: Mapping[str, Any]) -> Resume:
    document: dict[str, Any] = {}
    for name in SECTIONS:
        text = form.get(name, "")
        if not isinstance(text, str):
            raise ResumeFormError(f"field '{name}': expected text", [name])
        try:
            value = yaml.load(text, Loader=yaml.BaseLoader)  # BaseLoader: only str, list and dict
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" (line {mark.line + 1})" if mark is not None else ""
            raise ResumeFormError(f"field '{name}': not valid YAML{where}", [name]) from None
        if value not in (None, ""):
            document[name] = value
    try:
        return Resume.model_validate(document)
    except ValidationError as exc:
        fields = [_path(error["loc"]) for error in exc.errors()]
        reasons = [f"field '{f}': {e['msg']}" for f, e in zip(fields, exc.errors(), strict=True)]
        raise ResumeFormError("; ".join(reasons), fields) from None


def _path(loc: tuple[int | str, ...]) -> str:
    """``('work', 1, 'startDate')`` → ``work[1].startDate``."""
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path
