"""HTML→text: ours vs a BeautifulSoup(lxml) baseline on the same corpus, µs per document and the ratio.

Two corpora: the bench corpus (descriptions as the snapshot generator writes them, ~78 words) and
the same text joined 8 at a time (~620 words, the length of a typical real posting). Also timed:
marking block edges in the parsed tree (``marked_in_tree``, kept for markup the parser rearranges)
and selectolax's parse and extract of the text, nothing else (the "floor" of any converter through
selectolax's Python API). No target beyond "not slower than the Python path before the C module"
(docs/dependencies.md says why that module went)."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from bs4 import BeautifulSoup
from selectolax.lexbor import LexborHTMLParser

from bench.corpus import descriptions
from jobintel_core.ingestion.normalization.text import (
    html_to_text,
    marked_in_tree,
    normalize_whitespace,
    repair_encoding,
)

CORPUS_SIZE = 2_000
JOINED = 8


def _bs4_text(markup: str) -> str:
    text = BeautifulSoup(markup, "lxml").get_text("\n")
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _tree_way(markup: str) -> str:
    return normalize_whitespace(marked_in_tree(repair_encoding(markup)))


def _parse_and_text(markup: str) -> str:
    return LexborHTMLParser(markup).body.text()


def _best_per_doc(
    fns: dict[str, Callable[[str], object]], corpus: list[str], repeats: int = 7
) -> dict[str, float]:
    """Best of ``repeats`` per function, the functions interleaved so drift hits all alike (µs per doc)."""
    best = dict.fromkeys(fns, float("inf"))
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            for doc in corpus:
                fn(doc)
            best[name] = min(best[name], time.perf_counter() - start)
    return {name: seconds / len(corpus) * 1e6 for name, seconds in best.items()}


def _report(corpus: list[str], label: str) -> dict[str, float]:
    us = _best_per_doc(
        {"ours": html_to_text, "tree": _tree_way, "floor": _parse_and_text, "bs4": _bs4_text}, corpus
    )
    words = sum(len(re.findall(r"\w+", html_to_text(d))) for d in corpus[:50]) / 50
    return {
        f"{label}_documents": len(corpus),
        f"{label}_avg_words_per_doc": round(words, 1),
        f"{label}_us_per_doc": round(us["ours"], 1),
        f"{label}_tree_marking_us_per_doc": round(us["tree"], 1),
        f"{label}_parse_and_text_floor_us_per_doc": round(us["floor"], 1),
        f"{label}_bs4_lxml_us_per_doc": round(us["bs4"], 1),
        f"{label}_speedup_vs_bs4": round(us["bs4"] / us["ours"], 2),
        f"{label}_floor_speedup_vs_bs4": round(us["bs4"] / us["floor"], 2),
    }


def run() -> dict[str, float]:
    corpus = descriptions(CORPUS_SIZE)
    joined = ["".join(corpus[i : i + JOINED]) for i in range(0, CORPUS_SIZE, JOINED)]
    return {**_report(corpus, "short"), **_report(joined, "long")}
