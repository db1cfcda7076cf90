"""Who may do what: users and their argon2 password hashes, signed session cookies, CSRF tokens, the
login throttle and the response headers (CSP without inline script).

Two modes. *Local* (no users file): the app binds loopback and everyone is the single local user with
every profile; a session cookie still carries a CSRF token, so another site open in the same
browser cannot post to the app. *Exposed* (``JOBINTEL_WEB_USERS`` names a users file): every route
but ``PUBLIC_PATHS`` needs a logged-in session; each user sees only the profiles granted to them.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jobintel_core.config.validation import describe_validation_error

SESSION_COOKIE = "jobintel_session"
SESSION_MAX_AGE_S = 12 * 3600
CSRF_FIELD = "csrf"
CSRF_HEADER = "x-csrf-token"
# Reachable without a session: the liveness probe, the login form, and the package's static files
# (stylesheet, icons, manifest: no user data) that the login page itself needs.
PUBLIC_PATHS = ("/healthz", "/login", "/static/")
ALL_PROFILES = "*"
LOCAL_USER = "local"

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "manifest-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}

_hasher = PasswordHasher()


class User(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    password_hash: str = Field(pattern=r"^\$argon2(id|i|d)\$")
    profiles: list[str] = Field(min_length=1, description="profile names, or '*' for every profile")

    def may_see(self, profile: str) -> bool:
        return ALL_PROFILES in self.profiles or profile in self.profiles


class UsersFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    users: dict[str, User] = Field(min_length=1)


def load_users(path: Path) -> dict[str, User]:
    """``users: {name: {password_hash: $argon2id$…, profiles: [alex]}}``; a bad file names the field."""
    try:
        document = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return UsersFile.model_validate(document).users
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the users file: {exc}") from None
    except ValidationError as exc:
        raise ValueError(f"{path}: {describe_validation_error(exc)}") from None


def hash_password(password: str) -> str:
    """An argon2id hash for the users file (``jobintel web --hash-password``)."""
    return _hasher.hash(password)


def verify_password(users: dict[str, User], name: str, password: str) -> bool:
    """True when ``name`` exists and the password matches; the same work is done for an unknown
    name (a dummy hash), so timing does not tell which names exist."""
    user = users.get(name)
    try:
        return _hasher.verify(user.password_hash if user else _DUMMY_HASH, password) and user is not None
    except (VerificationError, InvalidHashError):
        return False


_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class Session(BaseModel):
    """What the signed cookie carries: the logged-in user (None before login) and the CSRF token."""

    user: str | None = None
    csrf: str = Field(default_factory=lambda: secrets.token_urlsafe(24))


class SessionCookies:
    """The signed session cookie: HttpOnly, SameSite=Lax, and Secure in exposed mode (served behind
    TLS there; local mode is plain HTTP on loopback)."""

    def __init__(self, secret: str, secure: bool) -> None:
        self._serializer = URLSafeTimedSerializer(secret, salt="jobintel-web-session")
        self.secure = secure

    def header(self, session: Session) -> str:
        secure = "; Secure" if self.secure else ""
        value = self._serializer.dumps(session.model_dump())
        return (
            f"{SESSION_COOKIE}={value}; Path=/; Max-Age={SESSION_MAX_AGE_S}; HttpOnly; SameSite=Lax{secure}"
        )

    def read(self, cookie: str | None) -> Session | None:
        if not cookie:
            return None
        try:
            return Session.model_validate(self._serializer.loads(cookie, max_age=SESSION_MAX_AGE_S))
        except (BadSignature, ValidationError):
            return None


def csrf_matches(session: Session, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(session.csrf, str(sent))


class LoginThrottle:
    """At most ``limit`` failed logins per key (user name, client address) in ``window_s``; the next
    attempt within the window is refused before the password is even checked."""

    def __init__(self, limit: int = 5, window_s: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, key: str) -> deque[float]:
        failures = self._failures.setdefault(key, deque())
        while failures and failures[0] <= self.clock() - self.window_s:
            failures.popleft()
        return failures

    def blocked(self, *keys: str) -> bool:
        return any(len(self._recent(k)) >= self.limit for k in keys)

    def failed(self, *keys: str) -> None:
        for key in keys:
            self._recent(key).append(self.clock())


Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class SessionMiddleware:
    """Puts the request's ``Session`` in ``scope["state"]["session"]`` (a new one, cookie set on the
    response, when absent or forged), refuses a request without a logged-in session in exposed
    mode (a redirect to the login page for a page, 401 for anything else), and adds the security
    headers to every response. Plain ASGI, so it guards every route, mounts and 404s included."""

    def __init__(self, app: ASGIApp, cookies: SessionCookies, exposed: bool) -> None:
        self.app, self.cookies, self.exposed = app, cookies, exposed

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cookie = _cookie(scope, SESSION_COOKIE)
        session = self.cookies.read(cookie)
        fresh = session is None
        session = session or Session(user=None if self.exposed else LOCAL_USER)
        if not self.exposed and session.user is None:
            session = Session(user=LOCAL_USER, csrf=session.csrf)
        scope.setdefault("state", {})["session"] = session
        path: str = scope["path"]
        extra: list[tuple[bytes, bytes]] = []
        if fresh:
            extra.append((b"set-cookie", self.cookies.header(session).encode("latin-1")))

        async def send_with_headers(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message["headers"] = headers + extra
            await send(message)

        if self.exposed and session.user is None and not path.startswith(PUBLIC_PATHS):
            await _refuse(scope, send_with_headers)
            return
        await self.app(scope, receive, send_with_headers)


def _cookie(scope: Scope, name: str) -> str | None:
    headers: list[tuple[bytes, bytes]] = scope.get("headers", [])
    for key, value in headers:
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name:
                    return v
    return None


async def _refuse(scope: Scope, send: Send) -> None:
    wants_page = scope["method"] == "GET" and not scope["path"].startswith("/api/")
    if wants_page:
        status, headers, body = 303, [(b"location", f"/login?next={quote(scope['path'])}".encode())], b""
    else:
        status, headers, body = 401, [(b"content-type", b"application/json")], b'{"detail":"login required"}'
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
