"""The app: routes, static files, error pages, ``/healthz`` and the guards every route passes through
(``security.SessionMiddleware`` for sessions, login and headers; ``deps.check_csrf`` on every
route). ``create_app(config)``; ``config_from_settings`` builds the config from the environment."""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from jobintel_core.alerting.channels import configured_channels
from jobintel_core.applications.llm import ai_settings
from jobintel_core.config.settings import WEB_SECRET_ENV, Settings
from jobintel_core.matching.embeddings.encoder import default_model_path, load_encoder
from jobintel_core.matching.embeddings.vector_index import IndexPolicy
from jobintel_core.storage.urls import open_store
from jobintel_core.web import (
    api,
    application_api,
    application_pages,
    deps,
    feedback_pages,
    insights_pages,
    login,
    pages,
    resume_pages,
)
from jobintel_core.web.reader import SHORTLIST, NotFound, WebReader
from jobintel_core.web.rendering import render
from jobintel_core.web.runs import RunsSource
from jobintel_core.web.security import LoginThrottle, SessionCookies, SessionMiddleware, load_users

STATIC_DIR = Path(__file__).parent / "static"


def config_from_settings(
    settings: Settings, runs: RunsSource | None = None, environ: Mapping[str, str] | None = None
) -> deps.WebConfig:
    """Exposed mode when a users file is set (its session secret is then required); local mode
    otherwise, which refuses a non-loopback address."""
    env = os.environ if environ is None else environ
    users = load_users(Path(settings.web_users_file)) if settings.web_users_file else None
    secret = env.get(WEB_SECRET_ENV, "")
    if users is not None and len(secret) < 32:
        raise ValueError(f"{WEB_SECRET_ENV} must be set (32+ characters) when JOBINTEL_WEB_USERS is set")
    if users is None and not _loopback(settings.web_host):
        raise ValueError(
            f"JOBINTEL_WEB_HOST={settings.web_host} is not loopback: set JOBINTEL_WEB_USERS "
            "(exposed mode, with logins) to serve other machines"
        )
    return deps.WebConfig(
        store=open_store(settings.storage_url),
        profiles_dir=settings.profiles_dir,
        timezone=settings.timezone,
        secret=secret or secrets.token_urlsafe(32),
        users=users,
        runs=runs,
        dagster_url=settings.webserver_url,
        alert_channels=tuple(configured_channels(settings, env)),
        encoder=load_encoder(
            settings.model_path or str(default_model_path()),
            settings.embedding_backend,
            str(settings.model_cache_dir),
        ),
        index_policy=IndexPolicy(settings.index_kind, settings.approximate_from),
        ai=ai_settings(settings, env),
    )


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def create_app(config: deps.WebConfig) -> FastAPI:
    app = FastAPI(
        title="JobIntel",
        summary="The job seeker's shortlist, job pages and tracker over the pipeline's stored data.",
        docs_url=None,  # Swagger UI loads script from a CDN: the CSP refuses it; the schema is served
        redoc_url=None,
        openapi_url="/api/openapi.json",
        dependencies=[Depends(deps.check_csrf)],
    )
    app.state.config = config
    app.state.reader = WebReader(config.store, config.profiles_dir, config.encoder, config.index_policy)
    app.state.throttle = LoginThrottle()
    app.state.cookies = SessionCookies(config.secret, secure=config.exposed)
    app.include_router(login.router)
    app.include_router(pages.router)
    app.include_router(api.router)
    app.include_router(resume_pages.router)
    app.include_router(application_pages.router)
    app.include_router(application_api.router)
    app.include_router(insights_pages.router)
    app.include_router(feedback_pages.router)
    app.include_router(feedback_pages.api_router)
    app.add_api_route("/healthz", healthz, methods=["GET"], tags=["health"])
    app.add_api_route(
        "/runs", runs_page, methods=["GET"], include_in_schema=False, response_class=HTMLResponse
    )
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.add_exception_handler(NotFound, _not_found)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_middleware(SessionMiddleware, cookies=app.state.cookies, exposed=config.exposed)
    return app


def healthz(request: Request) -> JSONResponse:
    """Storage (and the Dagster instance, when the app has one) reachable: 200, else 503 naming it."""
    config = deps.config(request)
    checks: dict[str, str] = {}
    try:
        config.store.list(f"{SHORTLIST}/")
        checks["storage"] = "ok"
    except Exception as exc:  # any failure of the store is the answer, named
        checks["storage"] = f"unreachable: {type(exc).__name__}"
    if config.runs is not None:
        try:
            config.runs.check()
            checks["instance"] = "ok"
        except Exception as exc:
            checks["instance"] = f"unreachable: {type(exc).__name__}"
    ok = all(v == "ok" for v in checks.values())
    return JSONResponse({"ok": ok, **checks}, status_code=200 if ok else 503)


def runs_page(request: Request) -> Response:
    config = deps.config(request)
    runs = config.runs.recent_runs(50) if config.runs else []
    return render(
        request, "runs.html", runs=runs, configured=config.runs is not None, dagster_url=config.dagster_url
    )


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/healthz"


def _error(request: Request, status: int, message: str, fields: list[str] | None = None) -> Response:
    if _wants_json(request):
        body: dict[str, Any] = {"detail": message}
        if fields is not None:
            body["fields"] = fields
        return JSONResponse(body, status_code=status)
    return render(
        request, "error.html", status_code=status, status=status, message=message, fields=fields or []
    )


async def _not_found(request: Request, exc: Exception) -> Response:
    return _error(request, 404, str(exc.args[0]) if exc.args else "not found")


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    return _error(request, exc.status_code, str(exc.detail))


async def _invalid(request: Request, exc: Exception) -> Response:
    """422 naming each refused field (``follow_up``, ``min_score``, …) and why; nothing was written."""
    assert isinstance(exc, RequestValidationError)
    fields, reasons = [], []
    for error in exc.errors():
        name = ".".join(str(p) for p in error["loc"][1:]) or str(error["loc"][0])
        fields.append(name)
        reasons.append(f"field '{name}': {error['msg']}")
    return _error(request, 422, "; ".join(reasons), fields)
