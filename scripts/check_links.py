"""Check that the project's documentation points somewhere: `make lint` runs this.

Two kinds of reference are checked, and every failure is printed as ``file:line: message``:

- every relative link and ``#anchor`` in the Markdown pages (README.md, docs/**/*.md,
  tests/README.md, bench/README.md): the file or folder exists, and an anchor matches a heading of the
  target page the way GitHub makes heading ids (lower case, punctuation dropped, spaces to hyphens,
  ``-1``, ``-2`` … for repeats) or an explicit ``<a id=…>`` / ``name=…``;
- every comment or docstring in *.py, *.yaml / *.yml, Makefile and Dockerfile files that names a docs
  page (``docs/….md``, optionally ``#anchor``, read from the repository root): the page exists and
  has the anchor.

Links to other sites (``https:``, ``mailto:`` …) are not fetched: the check runs offline.

Usage: ``python scripts/check_links.py [ROOT]`` (ROOT defaults to the repository holding this file);
exits 1 when anything is broken.
"""

from __future__ import annotations

import ast
import io
import os
import re
import sys
import tokenize
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote

MARKDOWN_PAGES = ("README.md", "docs/**/*.md", "tests/README.md", "bench/README.md")
# Folders that are not the project's own text: environments, caches, build output, test payloads.
SKIPPED_DIRS = frozenset({"node_modules", "build", "dist", "target", "__pycache__", "fixtures"})
SOURCE_SUFFIXES = frozenset({".py", ".yaml", ".yml"})
SOURCE_NAMES = frozenset({"Makefile", "Dockerfile"})

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_ATX_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1")
_INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+[\"'(][^)]*)?\)")
_REFERENCE_DEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
_HTML_LINK = re.compile(r"""<(?:a|img)\s[^>]*?(?:href|src)=["']([^"']+)["']""", re.IGNORECASE)
_HTML_ANCHOR = re.compile(r"""<a\s[^>]*?(?:id|name)=["']([^"']+)["']""", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_DOCS_PAGE = re.compile(r"(?<![\w./-])docs/[\w./-]+?\.md(?:#[\w-]+)?")


@dataclass(frozen=True)
class Failure:
    path: Path
    line: int
    message: str

    def render(self, root: Path) -> str:
        return f"{self.path.relative_to(root)}:{self.line}: {self.message}"


def github_slug(heading: str) -> str:
    """The id GitHub gives a heading: its text as rendered (code marks, link targets, tags and
    emphasis gone), lower-cased, every character but letters, digits, ``-``, ``_`` and spaces
    dropped, each space a hyphen."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)
    text = re.sub(r"<[^>]+>", "", text).replace("`", "")
    text = re.sub(r"(\*+|~~)", "", text)
    return re.sub(r"[^\w\- ]", "", text.strip().lower()).replace(" ", "-")


def _prose_lines(text: str) -> Iterator[tuple[int, str, str]]:
    """Numbered lines outside fenced code blocks, as written and with code spans blanked (a link
    inside code is text)."""
    fence: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1) == fence:
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        yield number, line, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)


@cache
def anchors_of(page: Path) -> frozenset[str]:
    """Every anchor a Markdown page offers: heading slugs (repeats numbered) and explicit ids."""
    seen: dict[str, int] = {}
    anchors: set[str] = set()
    previous = ""
    for _, line, prose in _prose_lines(page.read_text(encoding="utf-8")):
        anchors.update(_HTML_ANCHOR.findall(prose))
        heading = _ATX_HEADING.match(line)
        text = heading.group(1) if heading else None
        if text is None and _SETEXT_UNDERLINE.match(line) and previous.strip() and "|" not in previous:
            text = previous.strip()
        if text is not None:
            slug = github_slug(text)
            count = seen.get(slug, 0)
            seen[slug] = count + 1
            anchors.add(slug if count == 0 else f"{slug}-{count}")
        previous = line
    return frozenset(anchors)


def _check_target(target: str, base: Path, root: Path, source: Path, line: int) -> Failure | None:
    """``target`` (``path``, ``path#anchor`` or ``#anchor``) resolved against the folder ``base``."""
    path_part, _, anchor = target.partition("#")
    path_part = unquote(path_part)  # `my%20page.md` names `my page.md`
    resolved = (base / path_part).resolve() if path_part else source
    if path_part and root not in resolved.parents and resolved != root:
        return Failure(source, line, f"{target!r} points outside the repository")
    if not resolved.exists():
        return Failure(source, line, f"{target!r}: no such file {resolved.relative_to(root)}")
    if anchor and resolved.suffix == ".md" and anchor not in anchors_of(resolved):
        return Failure(source, line, f"{target!r}: no heading with anchor #{anchor} in {resolved.name}")
    return None


def check_markdown(page: Path, root: Path) -> list[Failure]:
    failures = []
    for number, _, line in _prose_lines(page.read_text(encoding="utf-8")):
        targets = _INLINE_LINK.findall(line) + _HTML_LINK.findall(line)
        reference = _REFERENCE_DEF.match(line)
        if reference:
            targets.append(reference.group(1))
        for target in targets:
            if _SCHEME.match(target) or target.startswith("//"):
                continue
            failure = _check_target(target, page.parent, root, page, number)
            if failure:
                failures.append(failure)
    return failures


def _python_notes(text: str) -> Iterator[tuple[int, str]]:
    """Comments and docstrings of a Python module, each line numbered."""
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            first = body[0] if body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                for offset, line in enumerate(first.value.value.splitlines()):
                    yield first.lineno + offset, line


def _hash_comments(text: str) -> Iterator[tuple[int, str]]:
    """What follows ``#`` on each line of a YAML file, Makefile or Dockerfile."""
    for number, line in enumerate(text.splitlines(), start=1):
        if "#" in line:
            yield number, line[line.index("#") :]


def check_source(path: Path, root: Path) -> list[Failure]:
    text = path.read_text(encoding="utf-8")
    notes = _python_notes(text) if path.suffix == ".py" else _hash_comments(text)
    failures = []
    for number, note in notes:
        for target in _DOCS_PAGE.findall(note):
            failure = _check_target(target, root, root, path, number)
            if failure:
                failures.append(failure)
    return failures


def _source_files(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(
            d for d in dirs if not (d.startswith(".") or d in SKIPPED_DIRS or d.endswith(".egg-info"))
        )
        for name in sorted(files):
            if Path(name).suffix in SOURCE_SUFFIXES or name in SOURCE_NAMES:
                yield Path(folder) / name


def check(root: Path) -> list[Failure]:
    """Every broken link under ``root``, in file order."""
    root = root.resolve()
    pages = sorted({page for pattern in MARKDOWN_PAGES for page in root.glob(pattern)})
    failures = [failure for page in pages for failure in check_markdown(page, root)]
    failures += [failure for path in _source_files(root) for failure in check_source(path, root)]
    return failures


def main(argv: list[str]) -> int:
    root = Path(argv[0]) if argv else Path(__file__).resolve().parent.parent
    failures = check(root)
    for failure in failures:
        print(failure.render(root.resolve()))
    if failures:
        print(f"{len(failures)} broken link(s)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
