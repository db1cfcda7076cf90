"""A profile compiled for scoring: its terms resolved to skills, its titles read, its places and
remote regions resolved, once per scoring run rather than once per job."""

from __future__ import annotations

from dataclasses import dataclass

from jobintel_core.base.words import fold
from jobintel_core.ingestion.reading.locations import parse_place
from jobintel_core.ingestion.reading.remote_scope import WORLDWIDE, countries_of, regions_overlap
from jobintel_core.ingestion.reading.roles import RoleReader, TitleReading, default_roles
from jobintel_core.ingestion.reading.seniority import LADDER, Seniority
from jobintel_core.ingestion.reading.skills import Vocabulary, default_vocabulary
from jobintel_core.ingestion.reading.time_zones import UtcWindow, country_span, windows_overlap
from jobintel_core.matching.profiles.profile import Profile

_MANAGEMENT = {Seniority.MANAGER: 1, Seniority.DIRECTOR: 2}
SAME_FAMILY, RELATED_FAMILY = 0.8, 0.3  # title shares with no distinctive word in common


@dataclass(frozen=True)
class Term:
    """A profile's skill term: the vocabulary's skills it names, or itself when unknown."""

    text: str
    skills: tuple[str, ...]

    @property
    def literal(self) -> bool:
        return not self.skills


def resolve_terms(terms: list[str], vocabulary: Vocabulary) -> list[Term]:
    return [Term(t, vocabulary.resolve(t)) for t in terms]


def level_gap(job: Seniority, wanted: Seniority) -> int:
    """Steps between two levels: along the ladder (intern … principal) or the management track
    (manager, director); across tracks a manager is two steps from a senior or staff engineer."""
    if job in LADDER and wanted in LADDER:
        return abs(LADDER.index(job) - LADDER.index(wanted))
    if job in _MANAGEMENT and wanted in _MANAGEMENT:
        return abs(_MANAGEMENT[job] - _MANAGEMENT[wanted])
    ic, management = (job, wanted) if job in LADDER else (wanted, job)
    if management == Seniority.MANAGER and ic in (Seniority.SENIOR, Seniority.STAFF, Seniority.PRINCIPAL):
        return 2
    return 3


@dataclass(frozen=True)
class Site:
    city: str | None
    country: str | None

    def covers(self, city: str | None, country: str | None) -> bool:
        if self.city:
            return city == self.city and (not self.country or not country or country == self.country)
        return bool(self.country) and country == self.country


class CompiledProfile:
    def __init__(
        self, profile: Profile, vocabulary: Vocabulary | None = None, roles: RoleReader | None = None
    ) -> None:
        vocabulary = vocabulary or default_vocabulary()
        self.profile = profile
        self.roles = roles or default_roles()
        self.titles: list[tuple[str, TitleReading]] = [(t, self.roles.read(t)) for t in profile.titles]
        self.must = resolve_terms(profile.must_have, vocabulary)
        # a nice-to-have the vocabulary files under a must-have's skill ("Zendesk" under Customer
        # Support, "budgeting" under FP&A) would only count the must-have twice: the person meant
        # the narrower thing, so it is matched by its own words
        must_skills = {skill for term in self.must for skill in term.skills}
        self.nice = [
            Term(t.text, ()) if must_skills & set(t.skills) else t
            for t in resolve_terms(profile.nice_to_have, vocabulary)
        ]
        self.excluded = resolve_terms(profile.excluded, vocabulary)
        places = [parse_place(loc) for loc in profile.locations]
        self.sites = [
            Site(fold(p.city) or None, p.country_code)
            for p in places
            if not p.remote and (p.city or p.country_code)
        ]
        self.remote_ok = "remote" in profile.workplace
        self.workplaces = {w.value for w in profile.workplace}
        if profile.remote_regions:
            self.regions = list(profile.remote_regions)
        else:
            stated = [p.remote_region or WORLDWIDE for p in places if p.remote]
            self.regions = list(dict.fromkeys([*stated, *(s.country for s in self.sites if s.country)])) or [
                WORLDWIDE
            ]
        self.wanted_levels = list(profile.seniority)
        self.utc_span = self._utc_span()

    def _utc_span(self) -> UtcWindow | None:
        """The UTC offsets the person works in: their places' countries, else their remote regions'
        (``None`` when worldwide or unknown: no hours rule them out)."""
        countries = {s.country for s in self.sites if s.country}
        if not countries:
            for region in self.regions:
                members = countries_of(region)
                if members is None:
                    return None
                countries |= members
        spans = [span for c in countries if (span := country_span(c)) is not None]
        return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None

    def works_in_hours(self, hours: UtcWindow) -> bool:
        return self.utc_span is None or windows_overlap(self.utc_span, hours)

    def level_gap(self, job_level: str | None) -> int | None:
        if job_level is None or not self.wanted_levels:
            return None
        return min(level_gap(Seniority(job_level), w) for w in self.wanted_levels)

    def title_match(self, title: str) -> tuple[float, str]:
        """(similarity 0–1, the profile title it is closest to)."""
        job = self.roles.read(title)
        return max(
            ((self._title_similarity(job, target), name) for name, target in self.titles),
            key=lambda pair: pair[0],
        )

    def body_match(self, families: frozenset[str]) -> tuple[float, str | None]:
        """(similarity 0–1, closest profile title) for a job whose title names no family, by the
        families its text's skills describe: the same family counts as a plain title of that family
        without shared words would, a related one half."""
        if not families:
            return 0.0, None
        job = TitleReading(families=families, core_words=frozenset())
        return max(
            ((self._title_similarity(job, target, words_known=False), name) for name, target in self.titles),
            key=lambda pair: pair[0],
        )

    def _title_similarity(self, job: TitleReading, target: TitleReading, words_known: bool = True) -> float:
        union = job.core_words | target.core_words
        same_family = bool(job.families & target.families)
        if not words_known:  # a job read from its body: no title words, the family is the role
            overlap = 1.0
        elif union:
            overlap = len(job.core_words & target.core_words) / len(union)
        else:  # one family, no distinctive word on either side ("Engineering Manager" twice): the same
            overlap = 1.0 if same_family else 0.0
        if same_family:
            return SAME_FAMILY + (1 - SAME_FAMILY) * overlap
        if any(f in self.roles.related(t) for t in target.families for f in job.families):
            return RELATED_FAMILY + RELATED_FAMILY * overlap
        if not job.families or not target.families:
            return 0.5 * overlap
        return 0.0

    def remote_eligible(self, region: str) -> bool:
        return any(regions_overlap(region, mine) for mine in self.regions)

    def wanted_site(self, sites: tuple[tuple[str | None, str | None, str | None], ...]) -> str | None:
        """The name of the first of the job's sites (folded city, country, name) in a wanted place."""
        for city, country, name in sites:
            if any(site.covers(city, country) for site in self.sites):
                return name or country
        return None
