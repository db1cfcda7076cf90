"""Pages from the package's Jinja2 templates (autoescaped), with what every page needs: the user,
the CSRF token for its forms, the profiles for the menu, the locale's ``_`` and the theme."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from jobintel_core.web import deps
from jobintel_core.web.i18n import LANG_COOKIE, LOCALES, choose_locale, translations

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
THEMES = ("auto", "light", "dark")
THEME_COOKIE = "theme"
# Stored names that read differently (``interviewing`` predates the tracker's "interview").
LABELS = {
    "interviewing": "interview",
    "no_answer": "no answer",
    "nice_to_have": "nice to have",
    "must_have": "must have",
    "discord": "Discord",
    "email": "E-mail",
    "apprise": "Apprise (Slack, Telegram, ntfy, …)",
    "matches.png": "Matches per week",
    "skill_gaps.png": "Skill gaps of the top jobs",
    "funnel.png": "From shown to offer",
    "velocity.png": "Jobs opened and closed by company",
    "skills.png": "Skills in demand",
}


def locale_of(request: Request) -> str:
    return choose_locale(request.cookies.get(LANG_COOKIE), request.headers.get("accept-language"))


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    session = deps.session(request)
    locale = locale_of(request)
    gettext = translations(locale).gettext
    theme = request.cookies.get(THEME_COOKIE)
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {
            "csrf": session.csrf,
            "user": session.user,
            "exposed": deps.config(request).exposed,
            "nav_profiles": deps.visible_profiles(request) if session.user else [],
            "_": gettext,
            "label": lambda name: gettext(LABELS.get(str(name), str(name))),
            "locale": locale,
            "locales": LOCALES,
            "theme": theme if theme in THEMES else "auto",
            "themes": THEMES,
            **context,
        },
        status_code=status_code,
    )


def attachment(body: str | bytes, media_type: str, filename: str) -> Response:
    """A download: the browser saves ``body`` as ``filename`` instead of showing it."""
    return Response(
        body, media_type=media_type, headers={"content-disposition": f'attachment; filename="{filename}"'}
    )
