"""Turning pydantic validation errors into one line a person can act on."""

from __future__ import annotations

from pydantic import ValidationError


def describe_validation_error(exc: ValidationError) -> str:
    """``field 'a.b': message; field 'c': message`` for every error in ``exc``."""
    return "; ".join(
        f"field '{'.'.join(str(p) for p in err['loc']) or '?'}': {err['msg']}" for err in exc.errors()
    )
