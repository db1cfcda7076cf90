"""Login, logout and the user's preferences (theme, language). A successful login starts a new session
(a fresh CSRF token: a token seen before login is worth nothing after it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jobintel_core.web import deps
from jobintel_core.web.i18n import LANG_COOKIE, LOCALES
from jobintel_core.web.rendering import THEME_COOKIE, THEMES, render
from jobintel_core.web.security import Session, verify_password

router = APIRouter(include_in_schema=False)
PREFERENCE_MAX_AGE_S = 365 * 24 * 3600


def _local_path(target: str | None) -> str:
    """Only a path on this site (``/x``, never ``//host`` or ``https://…``): no open redirect."""
    return target if target and target.startswith("/") and not target.startswith("//") else "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: Annotated[str | None, Query(max_length=500)] = None) -> Response:
    return render(request, "login.html", next=_local_path(next), error=None)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=100)],
    password: Annotated[str, Form(max_length=1000)],
    next: Annotated[str | None, Form(max_length=500)] = None,
) -> Response:
    config = deps.config(request)
    if config.users is None:
        return RedirectResponse("/", status_code=303)
    throttle = request.app.state.throttle
    keys = (f"user:{username.casefold()}", f"client:{request.client.host if request.client else '?'}")
    if throttle.blocked(*keys):
        raise HTTPException(429, "too many failed logins: wait a minute and try again")
    if not verify_password(config.users, username, password):
        throttle.failed(*keys)
        return render(
            request, "login.html", status_code=401, next=_local_path(next), error="wrong user or password"
        )
    response = RedirectResponse(_local_path(next), status_code=303)
    response.headers.append("set-cookie", request.app.state.cookies.header(Session(user=username)))
    return response


@router.post("/logout")
def logout(request: Request) -> Response:
    response = RedirectResponse("/login", status_code=303)
    response.headers.append("set-cookie", request.app.state.cookies.header(Session(user=None)))
    return response


@router.post("/preferences")
def preferences(
    theme: Annotated[str, Form(pattern="^(" + "|".join(THEMES) + ")$")],
    lang: Annotated[str, Form(pattern="^(" + "|".join(LOCALES) + ")$")],
    back: Annotated[str | None, Form(max_length=500)] = None,
) -> Response:
    response = RedirectResponse(_local_path(back), status_code=303)
    for name, value in ((THEME_COOKIE, theme), (LANG_COOKIE, lang)):
        response.set_cookie(name, value, max_age=PREFERENCE_MAX_AGE_S, httponly=True, samesite="lax")
    return response
