"""Text out of an uploaded résumé, per format, in reading order; bad files refused before parsing.

Everything here reads untrusted bytes, so each format is checked for what breaks readers first:
size, emptiness, encryption, a missing text layer, a ZIP that expands far beyond its size. A
refusal is a ``ResumeRejected`` whose message tells the user what to do; nothing is stored before
extraction succeeds.

PDFs are read word by word with their positions (pdfplumber) so a two-column résumé is read one
column after the other: a line of the left column followed by the same line of the right column
would glue an employer to a skill list. Headings become Markdown headings (``## Experience``) in
every format, which is what section detection reads.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

MAX_BYTES = 5 * 1024 * 1024  # a long designed résumé PDF is well under 1 MB
MAX_PAGES = 12
MIN_GUTTER_PT = 12  # white between columns; words on one line are ~3 pt apart
MAX_ZIP_MEMBERS = 500
MAX_UNZIPPED_BYTES = 40 * 1024 * 1024
MAX_ZIP_RATIO = 100  # a DOCX's XML compresses ~5-10x; a zip bomb by orders of magnitude more
MIN_TEXT_CHARS = 40
FORMATS = {".pdf": "pdf", ".docx": "docx", ".md": "markdown", ".markdown": "markdown", ".txt": "text"}


class ResumeRejected(ValueError):
    """The file cannot be imported; the message says why and what to do, in the user's words."""


@dataclass(frozen=True)
class ExtractedText:
    format: str
    lines: list[str]


def extract_text(data: bytes, filename: str) -> ExtractedText:
    """The résumé's lines in reading order, or ``ResumeRejected``."""
    if not data:
        raise ResumeRejected(f"{filename}: the file is empty")
    if len(data) > MAX_BYTES:
        raise ResumeRejected(
            f"{filename}: {len(data) / 1e6:.1f} MB is too large for a résumé (at most {MAX_BYTES // 2**20} MB)"
        )
    kind = FORMATS.get(PurePath(filename).suffix.lower())
    if kind is None:
        raise ResumeRejected(
            f"{filename}: unsupported type; upload a PDF, DOCX, Markdown (.md) or text (.txt) file"
        )
    lines = {"pdf": _pdf_lines, "docx": _docx_lines, "markdown": _markdown_lines, "text": _text_lines}[kind](
        data, filename
    )
    lines = [" ".join(line.split()) for line in lines]
    lines = [line for line in lines if line]
    if sum(len(line) for line in lines) < MIN_TEXT_CHARS:
        raise ResumeRejected(f"{filename}: no readable text found")
    return ExtractedText(kind, lines)


# --- PDF -------------------------------------------------------------------------------------------


def _pdf_lines(data: bytes, filename: str) -> list[str]:
    import pdfplumber
    import pypdf

    if not data.startswith(b"%PDF"):
        raise ResumeRejected(f"{filename}: not a PDF file (it does not start with %PDF)")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        encrypted = reader.is_encrypted
        pages = len(reader.pages) if not encrypted else 0
    except Exception as exc:  # pypdf raises many types on damaged files
        raise ResumeRejected(f"{filename}: the PDF cannot be read ({type(exc).__name__})") from None
    if encrypted:
        raise ResumeRejected(f"{filename}: the PDF is password-protected; save a copy without a password")
    if pages > MAX_PAGES:
        raise ResumeRejected(f"{filename}: {pages} pages is too long for a résumé (at most {MAX_PAGES})")
    lines: list[str] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
            lines.extend(_reading_order(words, float(page.width)))
    if sum(len(line) for line in lines) < MIN_TEXT_CHARS:
        raise ResumeRejected(
            f"{filename}: the PDF has no text layer (a scan or an image); "
            "export it from your editor as a text PDF, or upload the DOCX"
        )
    return lines


def _rows(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Words grouped into visual lines (same baseline within 3 pt), top to bottom, left to right."""
    rows: list[list[dict[str, Any]]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if rows and abs(rows[-1][0]["top"] - word["top"]) <= 3:
            rows[-1].append(word)
        else:
            rows.append([word])
    return [sorted(row, key=lambda w: w["x0"]) for row in rows]


def _gutter(rows: list[list[dict[str, Any]]], width: float) -> float | None:
    """The x of a column gutter: a vertical band in the middle half of the page that almost no
    line crosses while both sides hold text; None for a one-column page."""
    if len(rows) < 6:
        return None
    best: tuple[int, float] | None = None
    for x in range(int(width * 0.2), int(width * 0.8), 2):
        crossing = sum(any(w["x0"] < x < w["x1"] for w in row) for row in rows)
        left = sum(any(w["x1"] <= x for w in row) for row in rows)
        right = sum(any(w["x0"] >= x for w in row) for row in rows)
        if min(left, right) < len(rows) * 0.25:
            continue
        if best is None or crossing < best[0]:
            best = (crossing, float(x))
    if best is None or best[0] > len(rows) * 0.15:
        return None
    # a one-column line with a wide gap (a date pushed right) is not a column: both sides must
    # mostly start near their own left edge, which the share of lines with text on both sides shows
    both = sum(_straddles(row, best[1]) for row in rows)
    return best[1] if both >= len(rows) * 0.2 else None


def _straddles(row: list[dict[str, Any]], split: float) -> bool:
    """Text on both sides of ``split`` with a gutter's width of white between them."""
    left = [w["x1"] for w in row if w["x1"] <= split]
    right = [w["x0"] for w in row if w["x0"] >= split]
    return bool(left and right) and min(right) - max(left) >= MIN_GUTTER_PT


def _reading_order(words: list[dict[str, Any]], width: float) -> list[str]:
    rows = _rows(words)
    split = _gutter(rows, width)
    if split is None:
        return [_join(row) for row in rows]
    # the columns start at the first line with text on both sides of the gutter; the lines above
    # (name, contact details) are read across the page
    top = min(r[0]["top"] for r in rows if _straddles(r, split))
    header = [row for row in rows if row[0]["top"] < top]
    rest = [w for row in rows if row[0]["top"] >= top for w in row]
    left = [w for w in rest if w["x0"] < split]
    right = [w for w in rest if w["x0"] >= split]
    return [_join(row) for part in (header, _rows(left), _rows(right)) for row in part]


def _join(row: Iterable[dict[str, Any]]) -> str:
    return " ".join(w["text"] for w in row)


# --- DOCX ------------------------------------------------------------------------------------------


def _docx_lines(data: bytes, filename: str) -> list[str]:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _check_zip(data, filename)
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises KeyError, ValueError, lxml errors …
        raise ResumeRejected(f"{filename}: not a Word document ({type(exc).__name__})") from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            style = (block.style.name if block.style is not None else "") or ""
            text = block.text
            if style.startswith("Heading"):
                text = f"## {text}"
            elif style.startswith("List"):
                text = f"- {text}"
            lines.append(text)
        elif isinstance(block, Table):
            for row in block.rows:
                cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
                if cells:
                    lines.append(": ".join(cells[:1]) + (": " + ", ".join(cells[1:]) if cells[1:] else ""))
    return lines


def _check_zip(data: bytes, filename: str) -> None:
    if not data.startswith(b"PK"):
        raise ResumeRejected(f"{filename}: not a Word (.docx) document")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise ResumeRejected(f"{filename}: the Word document is damaged (not a readable ZIP)") from None
    names = {m.filename for m in members}
    if "word/document.xml" not in names:
        raise ResumeRejected(f"{filename}: not a Word (.docx) document (no word/document.xml)")
    unpacked = sum(m.file_size for m in members)
    packed = max(1, sum(m.compress_size for m in members))
    if len(members) > MAX_ZIP_MEMBERS or unpacked > MAX_UNZIPPED_BYTES or unpacked / packed > MAX_ZIP_RATIO:
        raise ResumeRejected(
            f"{filename}: the document expands to {unpacked / 1e6:.0f} MB from {len(data) / 1e6:.1f} MB; "
            "refused as unsafe (a zip bomb?)"
        )


# --- Markdown and text -----------------------------------------------------------------------------

_LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")


def _decode(data: bytes, filename: str) -> str:
    if b"\0" in data[:4096]:
        raise ResumeRejected(f"{filename}: a binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _markdown_lines(data: bytes, filename: str) -> list[str]:
    lines = []
    for line in _decode(data, filename).splitlines():
        line = _LINK.sub(lambda m: f"{m[1]} {m[2]}" if m[1] != m[2] else m[1], line)
        line = _EMPHASIS.sub("", line)
        if re.match(r"^\s*[-*+]\s+", line):
            line = "- " + re.sub(r"^\s*[-*+]\s+", "", line)
        lines.append(line)
    return lines


def _text_lines(data: bytes, filename: str) -> list[str]:
    return [re.sub(r"^\s*[•▪◦●·*]\s*", "- ", line) for line in _decode(data, filename).splitlines()]
