"""A draft as Markdown (what the user edits) and as PDF (what they send).

The PDF is WeasyPrint over HTML from a Jinja template, with autoescaping (a résumé is untrusted
text). Why WeasyPrint: it installs from PyPI over Debian's pango, fetches nothing at run time when
the HTML names only local fonts and no URLs, and embeds the subset of each font it uses (DejaVu
Sans, which Debian's ``fonts-dejavu-core`` and most Linux images have). ``typst`` would need a
second template language for the same layout.
"""

from __future__ import annotations

import re
from typing import Literal

import jinja2
from markupsafe import Markup, escape

from jobintel_core.applications.drafts import Draft, DraftItem

PageSize = Literal["A4", "Letter"]
PAGE_SIZES: tuple[PageSize, ...] = ("A4", "Letter")
_TITLES = {"cv": "{name}", "letter": "{name}", "brief": "Brief: {job_title} at {company}"}
_SUBTITLES = {
    "cv": "Curriculum vitae for the {job_title} role at {company}",
    "letter": "Cover letter for the {job_title} role at {company}",
    "brief": "Prepared for {name}",
}
_BOLD = re.compile(r"\*\*(.+?)\*\*")

_HTML = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title><style>
@page { size: {{ size }}; margin: 18mm 18mm 20mm; }
body { font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; line-height: 1.4; color: #1b1b1b; }
h1 { font-size: 17pt; margin: 0 0 1mm; } .sub { color: #555; margin: 0 0 1mm; }
.contact { color: #555; margin: 0 0 5mm; }
h2 { font-size: 11pt; border-bottom: 0.5pt solid #999; margin: 5mm 0 2mm; padding-bottom: 0.5mm; }
.entry { margin: 0 0 2.5mm; } .head { font-weight: bold; } .dates { color: #555; float: right; }
ul { margin: 0.5mm 0 0 4mm; padding: 0; } li { margin: 0 0 0.6mm; } p { margin: 0 0 1.5mm; }
</style></head><body>
<h1>{{ title }}</h1><p class="sub">{{ subtitle }}</p>
{% if contact %}<p class="contact">{{ contact | join(" · ") }}</p>{% endif %}
{% for block in blocks %}<h2>{{ block.heading }}</h2>
{% for item in block.items %}<div class="entry">
{% if item.dates %}<span class="dates">{{ item.dates }}</span>{% endif %}
{% if item.title or item.org %}<div class="head">{{ heads[loop.index0 ~ "-" ~ block.heading] }}</div>{% endif %}
{% if block.inline %}<p>{{ inline(item.lines) }}</p>
{% elif item.title or item.org %}<ul>{% for line in item.lines %}<li>{{ bold(line) }}</li>{% endfor %}</ul>
{% else %}{% for line in item.lines %}<p>{{ bold(line) }}</p>{% endfor %}{% endif %}
</div>{% endfor %}{% endfor %}
</body></html>"""
)


def _head(item: DraftItem) -> str:
    return " — ".join(x for x in (item.title, item.org) if x)


def _fields(draft: Draft) -> dict[str, str]:
    return {"name": draft.name, "job_title": draft.job_title, "company": draft.company}


def to_markdown(draft: Draft) -> str:
    fields = _fields(draft)
    out = [
        f"# {_TITLES[draft.kind].format(**fields)}",
        "",
        f"*{_SUBTITLES[draft.kind].format(**fields)}*",
        "",
    ]
    if draft.contact:
        out += [" · ".join(draft.contact), ""]
    for block in draft.blocks:
        out += [f"## {block.heading}", ""]
        for item in block.items:
            if item.title or item.org:
                out.append(f"### {_head(item)}" + (f" ({item.dates})" if item.dates else ""))
            elif item.dates:
                out.append(item.dates)
            if block.inline:
                out.append(" · ".join(item.lines))
            elif item.title or item.org:
                out += [f"- {line}" for line in item.lines]
            else:
                out += [x for line in item.lines for x in (line, "")][:-1]
            out.append("")
    return "\n".join(out).rstrip() + "\n"


def _bold(line: str) -> Markup:
    return Markup(_BOLD.sub(lambda m: f"<strong>{m[1]}</strong>", str(escape(line))))


def to_html(draft: Draft, size: PageSize = "A4") -> str:
    fields = _fields(draft)
    heads = {f"{i}-{b.heading}": _head(item) for b in draft.blocks for i, item in enumerate(b.items)}
    return _HTML.render(
        title=_TITLES[draft.kind].format(**fields),
        subtitle=_SUBTITLES[draft.kind].format(**fields),
        contact=draft.contact,
        blocks=draft.blocks,
        heads=heads,
        size=size,
        bold=_bold,
        inline=lambda lines: Markup(" · ").join(_bold(x) for x in lines),
    )


def to_pdf(draft: Draft, size: PageSize = "A4") -> bytes:
    """The draft as a PDF, fonts embedded; nothing is fetched (the HTML names no URL)."""
    import weasyprint  # type: ignore[import-untyped]  # ~0.5 s to import: only rendering steps pay it

    pdf: bytes = weasyprint.HTML(
        string=to_html(draft, size), base_url=None, url_fetcher=_no_fetch
    ).write_pdf()
    return pdf


def _no_fetch(url: str, *args: object, **kwargs: object) -> dict[str, object]:
    raise ValueError(f"drafts fetch nothing; refused {url[:80]!r}")
