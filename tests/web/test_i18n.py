"""Every literal string the templates translate has a German entry: a new page string without one
fails here instead of showing English in the middle of a German page."""

import re

from babel.messages.pofile import read_po

from jobintel_core.web.i18n import LOCALE_DIR, choose_locale, translations
from jobintel_core.web.rendering import TEMPLATES


def test_every_template_string_has_a_german_translation():
    folder = TEMPLATES.env.loader.searchpath[0]
    used = set()
    for name in TEMPLATES.env.list_templates():
        with open(f"{folder}/{name}", encoding="utf-8") as handle:
            used |= set(re.findall(r"_\('([^']+)'\)", handle.read()))
    with (LOCALE_DIR / "de" / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    missing = sorted(m for m in used if not (catalog.get(m) and catalog.get(m).string))
    assert missing == []
    assert translations("de").gettext("Today") == "Heute"


def test_the_locale_comes_from_the_cookie_then_the_browser():
    assert choose_locale("de", "en-US") == "de"
    assert choose_locale(None, "fr-FR,de;q=0.8") == "de"
    assert choose_locale("xx", None) == "en"
