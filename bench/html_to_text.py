"""HTML→text: our selectolax path vs a BeautifulSoup(lxml) baseline on the same corpus, one run."""

from __future__ import annotations

import re
import time

from bs4 import BeautifulSoup

from bench.corpus import descriptions
from jobintel_core.ingestion.text import html_to_text

CORPUS_SIZE = 2_000


def _bs4_text(markup: str) -> str:
    text = BeautifulSoup(markup, "lxml").get_text("\n")
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def _time(fn, corpus: list[str], repeats: int = 3) -> float:
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for doc in corpus:
            fn(doc)
        best = min(best, time.perf_counter() - start)
    return best


def run() -> dict[str, float]:
    corpus = descriptions(CORPUS_SIZE)
    ours = _time(html_to_text, corpus)
    baseline = _time(_bs4_text, corpus)
    words = sum(len(re.findall(r"\w+", html_to_text(d))) for d in corpus[:50]) / 50
    return {
        "documents": len(corpus),
        "avg_words_per_doc": round(words, 1),
        "selectolax_docs_per_s": round(len(corpus) / ours),
        "bs4_lxml_docs_per_s": round(len(corpus) / baseline),
        "speedup_vs_bs4": round(baseline / ours, 2),
    }
