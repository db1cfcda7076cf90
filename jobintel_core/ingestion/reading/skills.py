"""Skills a posting names, read through one curated vocabulary (``jobintel_core/data/skills.yaml``).

Why a vocabulary and not the profile's words: boards write one skill many ways ("k8s", "Torch",
"GA4", "design-system", "fine-tuned LLMs", "Monatsabschluss"), and matching, the warehouse and the
weekly insights must all count the same skill the same way. Each posting's skills are read once, at
ingestion (the ``skills`` column of ``jobs``), and a profile's must/nice/excluded terms are resolved
through the same vocabulary; a term it does not know is matched as written, by the same rules.

The rules, on ``fold_words`` (lower case, no accents or punctuation):

* a variant matches whole words only, longest first at each position ("google analytics" is
  Google Analytics, not also a bare "analytics");
* the last word of a variant of four or more letters also matches its inflections (``-s``,
  ``-es``, ``-ing``, ``-ed``, ``-e`` → ``-ing``, ``-y`` → ``-ies``, and a plural's singular);
* a variant written ``=Go`` matches only with that case ("Go", not "go to market");
* a mention is **negated** when a negation word ("no", "not", "never", "without", "n't", "nor",
  "instead of", "rather than", "retired", German "kein/nicht/ohne") comes at most four words before
  it in the same clause, or when it is followed by "is/are/was not" ("Python is not used here").
  A skill counts when at least one of its mentions is not negated.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import yaml

from jobintel_core.base.paths import DATA_DIR
from jobintel_core.base.words import fold_words

VOCABULARY_PATH = DATA_DIR / "skills.yaml"
_CLAUSE = re.compile(
    r"[.!?;:](?=\s|$)|[\n()\[\]•]|\s[-–—]\s|\b(?:but|however|whereas|although)\b", re.IGNORECASE
)
_NEGATORS = frozenset(
    {
        "no",
        "not",
        "never",
        "without",
        "nor",
        "neither",
        "t",
        "non",
        "instead",
        "rather",
        "retired",
        "kein",
        "keine",
        "keinen",
        "nicht",
        "ohne",
    }
)
_COPULAS = frozenset({"is", "are", "was", "were", "isn", "aren", "wasn", "weren"})
_BEFORE, _AFTER = 4, 3


def inflections(word: str) -> set[str]:
    """The forms of a last word that still name the same skill: "system" → "systems", "tune" →
    "tuning"/"tuned", "transformers" → "transformer". Short words get none: "Go" is not "Goes"."""
    if len(word) < 4 or not word.isalpha():
        return {word}
    forms = {word, word + "s", word + "es", word + "ing", word + "ed"}
    if word.endswith("e"):
        forms |= {word[:-1] + "ing", word + "d"}
    if word.endswith("y"):
        forms.add(word[:-1] + "ies")
    if word.endswith("s") and not word.endswith("ss"):
        forms.add(word[:-1])
    return forms


@dataclass(frozen=True)
class SkillMentions:
    """What one text says: ``found`` skills (at least one plain mention) and ``negated`` ones
    (named only in a negation, e.g. "no PHP here")."""

    found: tuple[str, ...]
    negated: tuple[str, ...]


class Vocabulary:
    """Variants (as word tuples) → canonical skill names, compiled once."""

    def __init__(self, skills: Iterable[tuple[str, str, Iterable[str]]], version: str) -> None:
        self.version = version
        self.categories: dict[str, str] = {}
        plain: dict[tuple[str, ...], set[str]] = {}
        cased: dict[tuple[str, ...], set[str]] = {}
        generated: dict[tuple[str, ...], set[str]] = {}
        for name, category, variants in skills:
            display = name.removeprefix("=")
            if display in self.categories:
                raise ValueError(f"skill {display!r} is listed twice")
            self.categories[display] = category
            for variant in (name, *variants):
                sensitive = variant.startswith("=")
                words = tuple(fold_words(variant.removeprefix("="), keep_case=sensitive))
                if not words:
                    raise ValueError(f"skill {display!r}: variant {variant!r} has no words")
                (cased if sensitive else plain).setdefault(words, set()).add(display)
                if not sensitive:
                    for form in inflections(words[-1]):
                        generated.setdefault((*words[:-1], form), set()).add(display)
        for words, names in generated.items():  # a listed variant wins over an inflection
            plain.setdefault(words, names)
        self._plain = {k: tuple(sorted(v)) for k, v in plain.items()}
        self._cased = {k: tuple(sorted(v)) for k, v in cased.items()}
        self._longest = max((len(k) for k in (*self._plain, *self._cased)), default=1)
        self._firsts = {k[0] for k in self._plain}
        self._cased_firsts = {k[0] for k in self._cased}

    @classmethod
    def from_terms(cls, terms: Iterable[str]) -> Vocabulary:
        """A vocabulary of the given words, each its own skill: how a profile's unknown terms are
        matched, by the same word, inflection and negation rules as the curated ones."""
        terms = list(dict.fromkeys(terms))
        return cls(((t, "profile term", ()) for t in terms), version="terms")

    def resolve(self, term: str) -> tuple[str, ...]:
        """The skills a profile term names ("k8s" → Kubernetes, "TSX" → React and TypeScript),
        or ``()`` when the vocabulary does not know it."""
        sensitive = term.startswith("=")
        words = tuple(fold_words(term.removeprefix("="), keep_case=sensitive))
        if not sensitive and words in self._plain:
            return self._plain[words]
        cased = tuple(fold_words(term.removeprefix("="), keep_case=True))
        return self._cased.get(cased, ())

    def mentions(self, text: str | None) -> SkillMentions:
        found: set[str] = set()
        negated: set[str] = set()
        for clause in _CLAUSE.split(text or ""):
            if not clause or clause.isspace():
                continue
            cased = fold_words(clause, keep_case=True)
            lower = [w.lower() for w in cased]
            i = 0
            while i < len(lower):
                match = self._match_at(lower, cased, i)
                if match is None:
                    i += 1
                    continue
                length, names = match
                target = negated if _is_negated(lower, i, i + length) else found
                target.update(names)
                i += length
        return SkillMentions(found=tuple(sorted(found)), negated=tuple(sorted(negated - found)))

    def _match_at(self, lower: list[str], cased: list[str], i: int) -> tuple[int, tuple[str, ...]] | None:
        best: tuple[int, tuple[str, ...]] | None = None
        if lower[i] in self._firsts:
            for n in range(min(self._longest, len(lower) - i), 0, -1):
                names = self._plain.get(tuple(lower[i : i + n]))
                if names:
                    best = (n, names)
                    break
        if cased[i] in self._cased_firsts:
            for n in range(min(self._longest, len(cased) - i), 0, -1):
                names = self._cased.get(tuple(cased[i : i + n]))
                if names and (best is None or n > best[0]):
                    best = (n, names)
                    break
        return best


def _is_negated(words: list[str], start: int, end: int) -> bool:
    if any(w in _NEGATORS for w in words[max(0, start - _BEFORE) : start]):
        return True
    after = words[end : end + _AFTER]
    return any(a in _COPULAS and b in _NEGATORS for a, b in pairwise(after))  # "is not", "isn t"


def _vocabulary_file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def load_vocabulary(path: Path = VOCABULARY_PATH) -> Vocabulary:
    """The vocabulary file as a ``Vocabulary``; a malformed line fails naming the file and line."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    skills = []
    for category, lines in (document or {}).get("categories", {}).items():
        for number, line in enumerate(lines or [], start=1):
            if not isinstance(line, str) or not line.strip():
                raise ValueError(
                    f"{path}: category {category!r}, entry {number}: expected 'Name | alias ...'"
                )
            name, *aliases = [part.strip() for part in line.split("|")]
            if not name or any(not a for a in aliases):
                raise ValueError(
                    f"{path}: category {category!r}, entry {number}: empty name or alias in {line!r}"
                )
            skills.append((name, category, aliases))
    return Vocabulary(skills, version=f"{document.get('version', 0)}-{_vocabulary_file_hash(path)}")


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The shipped vocabulary, compiled once per process (~0.25 s)."""
    return load_vocabulary()


def posting_skills(title: str, text: str) -> list[str]:
    """The skills a posting asks for (title and description), sorted: the ``skills`` column."""
    return list(default_vocabulary().mentions(f"{title}\n{text}").found)
