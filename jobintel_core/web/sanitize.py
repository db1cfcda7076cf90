"""Job descriptions are untrusted HTML from the boards: cleaned with nh3 (ammonia) before display.

Allowed: text structure only (paragraphs, lists, headings, emphasis, tables, links). Dropped with
their content: ``script`` and ``style``; dropped: every ``on*`` and ``style`` attribute, images (a
posting must not make the browser fetch from its host), and links other than http(s) and mailto.
Links open in a new tab without the page's referrer or opener. Some boards ship entity-escaped
HTML (Greenhouse's ``content``, stored as sent): it is unescaped once, then cleaned like any other.
"""

from __future__ import annotations

import html as html_entities

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3",
    "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s", "small", "span", "strong", "sub",
    "sup", "table", "tbody", "td", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan"}}


def clean_description(html: str) -> str:
    """Sanitized HTML, safe to insert into a page as markup."""
    if "<" not in html and "&lt;" in html:
        html = html_entities.unescape(html)
    return nh3.clean(
        html,
        tags=_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "svg", "math"},
        attributes=_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"a": {"target": "_blank"}},
    )
