"""The Ashby parser on a corpus of real public boards: what comes out, and an audit of it.

Reads every ``<board>.json`` under ``JOBINTEL_REAL_BOARDS`` (default ``../shared/data/real-boards/
ashby`` beside the repository: the exact document our Ashby fetch stores; see that folder's README —
it is measured here, never copied into the project) and parses it with the Ashby family. Without
the folder the benchmark says so and measures nothing.

Printed: postings, rejections with reasons, the workplace distribution, pay (structured / stated),
countries, and the audit, each rule named:

* **places** — a posting *names a place* when one of its locations, without remote and workplace
  words and region names ("EMEA"), still has a word left; it *has a country* when one of its places
  does. A place's country is *not named* by its location when the location has no country name,
  alias or code of it, no US state or Canadian province of it, and no town of it (GeoNames) —
  the "placed in a country the location does not name" defect. A place is a *US state read as a
  country* when its location has a town then a US state (name or postal code) the town is in
  (GeoNames), and the place is not in the US ("Suwanee, Georgia" in Georgia the country).
* **hybrid** — a posting flagged ``isRemote`` that comes out hybrid, counted by what made it so:
  a location naming "Hybrid" or the office-day rule (``reading.office_days``) that fired.
* **pay** — a posting *states a currency range* when it has Salary tiers or its description holds
  an amount range with a currency; found when it has compensation. A miss is a range the reader
  refused (a benefit or business context, or implausible for a salary): a sample is printed, to
  be read by hand.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pycountry

from jobintel_core.base.words import fold
from jobintel_core.config.registry import ProviderConfig
from jobintel_core.ingestion.ats import family_for
from jobintel_core.ingestion.ats.base import workplace_from_text
from jobintel_core.ingestion.fetching.payload import Payload
from jobintel_core.ingestion.normalization.posting import JobPosting, WorkplaceType
from jobintel_core.ingestion.normalization.text import html_to_text
from jobintel_core.ingestion.reading.locations import (
    _AREA_ALIASES,
    cities_named,
    country_code,
    remote_region_code,
)
from jobintel_core.ingestion.reading.office_days import office_days_rule
from jobintel_core.ingestion.reading.pay import _RANGE

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "real-boards" / "ashby"
NOW = datetime(2026, 12, 7, tzinfo=UTC)
_NOT_A_PLACE = re.compile(
    r"\b(?:fully|remote|hybrid|on[\s-]?site|in[\s-]office|office|offices|hq|headquarters|anywhere|"
    r"worldwide|global|opening|considered|first|friendly|only|based|in|or|and|the|of)\b|[^\w\s]|\d",
    re.IGNORECASE,
)
SAMPLES = 8


def _corpus() -> Path:
    return Path(os.environ.get("JOBINTEL_REAL_BOARDS", DEFAULT_CORPUS))


def _names_a_place(location: str) -> bool:
    words = [w for w in _NOT_A_PLACE.sub(" ", location).split() if len(w) > 1]
    return bool(words) and remote_region_code(" ".join(words)) is None


def _words_of(text: str) -> list[str]:
    return fold(text).split()


def _country_named(text: str, country: str) -> bool:
    """Does ``text`` name ``country`` itself, a state or province of it, or a town of it?"""
    words = _words_of(text)
    raw = re.findall(r"[\w.]+", text)
    phrases = {" ".join(words[i : i + n]) for n in (1, 2, 3, 4) for i in range(len(words) - n + 1)}
    if any(country_code(p) == country for p in phrases if len(p) > 2 or p in ("us", "uk", "u s")):
        return True
    if any(
        len(w.replace(".", "")) == 2 and w.replace(".", "").isupper() and country_code(w) == country
        for w in raw
    ):
        return True
    if country in ("US", "CA"):
        subdivisions = pycountry.subdivisions.get(country_code=country) or ()
        names = {fold(s.name) for s in subdivisions}
        codes = {s.code.split("-")[1] for s in subdivisions}
        if phrases & names or any(w.replace(".", "") in codes for w in raw):
            return True
    towns = [_AREA_ALIASES.get(p, p) for p in phrases if len(p) > 3 or p in _AREA_ALIASES]
    return any(any(entry[2] == country for entry in cities_named(town)) for town in towns)


def _state_read_as_country(text: str, country: str) -> bool:
    """A town followed by a US state (name or postal code) that the town really is in, while the
    place came out in another country: "Boston, MA" in Morocco, "Suwanee, Georgia" in Georgia."""
    if country == "US":
        return False
    states = {s.code.split("-")[1]: fold(s.name) for s in pycountry.subdivisions.get(country_code="US") or ()}
    segments = [s.strip() for s in re.split(r"[,()]|\s[-–]\s", text) if s.strip()]
    for town, state in itertools.pairwise(segments):
        code = state if state in states else next((c for c, n in states.items() if n == fold(state)), None)
        if code and any(e[2] == "US" and e[3] == code for e in cities_named(fold(town))):
            return True
    return False


def _stated_range(text: str) -> bool:
    return any(
        any(m.group(k) for k in ("apre", "bpre", "apost", "bpost", "code")) for m in _RANGE.finditer(text)
    )


def _parse_board(path: Path) -> tuple[dict[str, Any], Any]:
    document = json.loads(path.read_bytes())
    slug = re.sub(r"[^a-z0-9-]+", "-", path.stem.lower()).strip("-") or "board"
    provider = ProviderConfig.model_validate(
        {"key": slug, "company": path.stem, "ats": "ashby", "board": path.stem}
    )
    result = family_for("ashby").parse(Payload({"board.json": path.read_bytes()}), provider, NOW)
    return document, result


def run() -> dict[str, Any]:
    corpus = _corpus()
    boards = sorted(corpus.glob("*.json")) if corpus.is_dir() else []
    if not boards:
        print(f"   no real boards at {corpus} (set JOBINTEL_REAL_BOARDS): nothing measured")
        return {"skipped": f"no corpus at {corpus}"}
    counts: Counter[str] = Counter()
    rejected: Counter[str] = Counter()
    workplace: Counter[str] = Counter()
    hybrid_by: Counter[str] = Counter()
    unresolved: Counter[str] = Counter()
    not_named: list[str] = []
    pay_misses: list[str] = []
    started = time.perf_counter()
    for path in boards:
        document, result = _parse_board(path)
        counts["boards"] += 1
        counts["unlisted"] += result.unlisted
        for rejection in result.rejected:
            rejected[re.sub(r"\d+", "N", rejection.reason)[:90]] += 1
        raw = {str(job.get("id")): job for job in document.get("jobs") or [] if isinstance(job, dict)}
        for posting in result.postings:
            job = raw[posting.external_id]
            _tally(posting, job, counts, workplace, hybrid_by, unresolved, not_named, pay_misses)
    seconds = time.perf_counter() - started
    counts["rejected"] = sum(rejected.values())
    _print_details(rejected, hybrid_by, unresolved, not_named, pay_misses)
    named, placed = counts["names_a_place"], counts["with_country"]
    ranges, paid = counts["states_a_range"], counts["range_with_pay"]
    return {
        "boards": counts["boards"],
        "postings": counts["postings"],
        "unlisted": counts["unlisted"],
        "rejected": counts["rejected"],
        "parse_s": round(seconds, 1),
        "workplace": dict(sorted(workplace.items())),
        "remote_flag_turned_hybrid": dict(hybrid_by),
        "pay_structured": counts["pay_compensationTiers"],
        "pay_stated": counts["pay_descriptionHtml"],
        "postings_naming_a_place": named,
        "with_a_country": placed,
        "country_share": round(placed / named, 4) if named else None,
        "placed_in_a_country_not_named": counts["country_not_named"],
        "us_state_read_as_a_country": counts["state_read_as_country"],
        "stating_a_currency_range": ranges,
        "with_pay_among_them": paid,
        "pay_share": round(paid / ranges, 4) if ranges else None,
        "ranges_refused_as_not_pay": counts["refused_range"],
    }


def _tally(
    posting: JobPosting,
    job: dict[str, Any],
    counts: Counter[str],
    workplace: Counter[str],
    hybrid_by: Counter[str],
    unresolved: Counter[str],
    not_named: list[str],
    pay_misses: list[str],
) -> None:
    counts["postings"] += 1
    workplace[str(posting.workplace_type)] += 1
    if posting.compensation is not None:
        counts[f"pay_{posting.compensation.source}"] += 1
    if any(_names_a_place(text) for text in posting.locations):
        counts["names_a_place"] += 1
        if any(p.country_code for p in posting.places):
            counts["with_country"] += 1
        else:
            unresolved[" | ".join(posting.locations)] += 1
    if any(_state_read_as_country(p.text, p.country_code) for p in posting.places if p.country_code):
        counts["state_read_as_country"] += 1
        not_named.append(" | ".join(f"{p.text} → {p.country_code} (a US state)" for p in posting.places))
    if any(not _country_named(p.text, p.country_code) for p in posting.places if p.country_code):
        counts["country_not_named"] += 1
        not_named.append(" | ".join(f"{p.text} → {p.country_code}" for p in posting.places))
    if job.get("isRemote") is True and posting.workplace_type == WorkplaceType.HYBRID:
        locations = [str(p.text) for p in posting.places]
        reason = (
            "location names Hybrid"
            if workplace_from_text(*locations) == WorkplaceType.HYBRID
            else office_days_rule(str(job.get("descriptionPlain") or job.get("descriptionHtml") or ""))
        )
        hybrid_by[str(reason)] += 1
    tiers = (job.get("compensation") or {}).get("compensationTiers") or []
    has_salary_tier = any(
        isinstance(c, dict) and c.get("compensationType") == "Salary"
        for t in tiers
        if isinstance(t, dict)
        for c in t.get("components") or []
    )
    text = html_to_text(job.get("descriptionHtml") or "")
    if has_salary_tier or _stated_range(text):
        counts["states_a_range"] += 1
        if posting.compensation is not None:
            counts["range_with_pay"] += 1
        else:
            counts["refused_range"] += 1
            found = [m for m in _RANGE.finditer(text) if any(m.group(k) for k in ("apre", "bpre", "code"))]
            at = found[0] if found else None
            sample = text[max(0, at.start() - 70) : at.end() + 30] if at else "(Salary tiers without amounts)"
            pay_misses.append(sample.replace("\n", " | "))


def _print_details(
    rejected: Counter[str],
    hybrid_by: Counter[str],
    unresolved: Counter[str],
    not_named: list[str],
    pay_misses: list[str],
) -> None:
    for reason, n in rejected.most_common(SAMPLES):
        print(f"   rejected {n:>4} × {reason}")
    for rule, n in hybrid_by.most_common():
        print(f"   isRemote → hybrid {n:>4} × {rule}")
    for text, n in unresolved.most_common(SAMPLES * 2):
        print(f"   no country {n:>4} × {text}")
    for text in sorted(set(not_named))[: SAMPLES * 2]:
        print(f"   country not named: {text}")
    for text in pay_misses[: SAMPLES * 2]:
        print(f"   range without pay: …{text}…")
