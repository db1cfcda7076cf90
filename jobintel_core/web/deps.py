"""What every route may ask for: the reader, the session, a profile the user may see, "today", and the
CSRF check that the app applies to every state-changing request."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

from fastapi import Depends, HTTPException, Query, Request

from jobintel_core.ai.guarded import AiSettings
from jobintel_core.matching.embeddings.encoder import TextEncoder
from jobintel_core.matching.embeddings.vector_index import EXACT, IndexPolicy
from jobintel_core.matching.profiles.user_state import PROFILE_PATTERN
from jobintel_core.storage.objects import ObjectStore
from jobintel_core.web.drafting import DraftLauncher
from jobintel_core.web.reader import WebReader
from jobintel_core.web.runs import RunsSource
from jobintel_core.web.security import CSRF_FIELD, CSRF_HEADER, LOCAL_USER, Session, User, csrf_matches

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class WebConfig:
    """Everything the app is built from (``app.create_app``); ``users`` None means local mode."""

    store: ObjectStore
    profiles_dir: Path
    timezone: str
    secret: str
    users: dict[str, User] | None = None
    runs: RunsSource | None = None
    dagster_url: str = ""
    encoder: TextEncoder | None = None  # search; None: the search page says it is off
    index_policy: IndexPolicy = EXACT
    ai: AiSettings | None = None  # "Prepare application" polishes drafts with it when enabled
    alert_channels: tuple[str, ...] = ()  # the alert channels configured here: names only, no secrets
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # "today" of a mark or a rating
    drafts: DraftLauncher | None = None  # "Prepare application" as Dagster runs; None: in process

    @property
    def exposed(self) -> bool:
        return self.users is not None


def config(request: Request) -> WebConfig:
    return request.app.state.config  # type: ignore[no-any-return]


def reader(request: Request) -> WebReader:
    return request.app.state.reader  # type: ignore[no-any-return]


def session(request: Request) -> Session:
    return request.state.session  # type: ignore[no-any-return]


def may_see(request: Request, profile: str) -> bool:
    users, user = config(request).users, session(request).user
    if users is None:
        return user == LOCAL_USER
    return user in users and users[user].may_see(profile)


def visible_profiles(request: Request) -> list[str]:
    return [p for p in reader(request).profile_names() if may_see(request, p)]


def granted_profile(profile: str, request: Request) -> str:
    """The path's profile when this user may see it (403 otherwise) and it exists (404)."""
    if not may_see(request, profile):
        raise HTTPException(403, f"profile {profile!r} is not granted to you")
    reader(request).profile(profile)  # NotFound → 404
    return profile


Profile = Annotated[str, Depends(granted_profile)]
# route parameters every router asks for, declared once: the app's reader and a résumé's name
Reader = Annotated[WebReader, Depends(reader)]
ResumeName = Annotated[str, Query(pattern=PROFILE_PATTERN)]


def today(request: Request) -> date:
    """The day in the app's time zone: the date of a tracker move or a rating."""
    return config(request).clock().astimezone(ZoneInfo(config(request).timezone)).date()


async def check_csrf(request: Request) -> None:
    """Every request that may change state carries the session's token, in the ``X-CSRF-Token``
    header (API) or the ``csrf`` form field (pages); otherwise 403 and nothing runs."""
    if request.method in SAFE_METHODS:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        value = (await request.form()).get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not csrf_matches(session(request), sent):
        raise HTTPException(403, "CSRF token missing or wrong: reload the page and try again")
