"""What a title is: its role families and its distinctive words (``jobintel_core/data/roles.yaml``).

Why not string similarity: ``token_set_ratio`` scores "iOS Engineer" against "UI Engineer" 87 and
any title whose words are a subset of another 100, because titles share generic words ("Engineer",
"Manager", "Senior"). Families say what the work is ("Pipeline Gardener" is in none, and is left to
the semantic term and the skills); the remaining words (``core_words``) say how close two titles in
one family are. The warehouse groups roles by the same families.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import yaml
from pydantic import BaseModel, ConfigDict, Field

from jobintel_core.base.paths import DATA_DIR
from jobintel_core.base.words import fold_words

ROLES_PATH = DATA_DIR / "roles.yaml"
_BODY_MIN_SKILLS = 2  # one skill is a mention; two of one family describe the work


class RoleFamily(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    phrases: list[str] = Field(min_length=1)
    related: list[str] = Field(default_factory=list)
    skills: list[str] = Field(
        default_factory=list, description="vocabulary skills that say the work is this family's"
    )


class RoleCatalogue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    generic_words: list[str]
    families: dict[str, RoleFamily]


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@dataclass(frozen=True)
class TitleReading:
    families: frozenset[str]
    core_words: frozenset[str]


class RoleReader:
    """Titles read against the catalogue; ``read`` is cached because titles repeat a lot."""

    def __init__(self, catalogue: RoleCatalogue) -> None:
        self.catalogue = catalogue
        self._generic = frozenset(catalogue.generic_words)
        self._phrases = [
            (name, frozenset(_stem(w) for w in fold_words(p)))
            for name, family in catalogue.families.items()
            for p in family.phrases
        ]
        unknown = {r for f in catalogue.families.values() for r in f.related} - set(catalogue.families)
        if unknown:
            raise ValueError(f"{ROLES_PATH}: related families not defined: {sorted(unknown)}")
        self._skill_families: dict[str, list[str]] = {}
        for name, family in catalogue.families.items():
            for skill in family.skills:
                self._skill_families.setdefault(skill, []).append(name)
        self.read = lru_cache(maxsize=65536)(self._read)
        self.families_of_skills = lru_cache(maxsize=65536)(self._families_of_skills)

    def _read(self, title: str) -> TitleReading:
        words = frozenset(_stem(w) for w in fold_words(title))
        families = frozenset(name for name, phrase in self._phrases if phrase <= words)
        return TitleReading(
            families=families, core_words=frozenset(w for w in words if w not in self._generic)
        )

    def _families_of_skills(self, skills: frozenset[str]) -> frozenset[str]:
        """The families a posting's work belongs to by the skills it asks for (the body, not the
        title): those with the most of their ``skills`` named, at least two. How an odd title
        ("Pipeline Gardener", "Customer Care Captain") is read as the role its text describes."""
        counts: dict[str, int] = {}
        for skill in skills:
            for family in self._skill_families.get(skill, ()):
                counts[family] = counts.get(family, 0) + 1
        best = max(counts.values(), default=0)
        return (
            frozenset(f for f, n in counts.items() if n == best) if best >= _BODY_MIN_SKILLS else frozenset()
        )

    def related(self, family: str) -> frozenset[str]:
        return frozenset(self.catalogue.families[family].related)

    def primary_family(self, title: str) -> str | None:
        """One family for reports (the warehouse's role family): the first listed that matches."""
        families = self.read(title).families
        return next((name for name in self.catalogue.families if name in families), None)


@lru_cache(maxsize=1)
def default_roles() -> RoleReader:
    document = yaml.safe_load(ROLES_PATH.read_text(encoding="utf-8"))
    return RoleReader(RoleCatalogue.model_validate(document))
