"""A profile pre-filled from a résumé, for the user to confirm: titles from recent positions, the
level from the latest title (else from the years worked), skills through the vocabulary, the place.

Skills are suggested as nice-to-have, never must-have: a must-have rules jobs out, and that is the
user's call, not the résumé's (one résumé skewing every score is what users of such tools dislike).
"""

from __future__ import annotations

from datetime import date

from jobintel_core.applications.dates import months_between
from jobintel_core.applications.resume import Resume
from jobintel_core.ingestion.reading.seniority import level_from_years, title_level
from jobintel_core.ingestion.reading.skills import default_vocabulary
from jobintel_core.matching.profiles.profile import Profile

RECENT_POSITIONS = 2
MAX_SKILLS = 12


def suggested_profile(name: str, resume: Resume, today: date) -> Profile:
    """A valid ``Profile`` named ``name``; ``ValueError`` when the résumé has no position title."""
    titles = list(dict.fromkeys(w.position for w in resume.work[:RECENT_POSITIONS] if w.position))
    if not titles:
        raise ValueError("the résumé names no position: enter the titles you are looking for")
    now = today.strftime("%Y-%m")
    months = sum(months_between(w.start_date, w.end_date or now) for w in resume.work)
    level = title_level(titles[0]) or level_from_years(months // 12)
    vocabulary = default_vocabulary()
    skills = [s for term in resume.skill_names() for s in vocabulary.resolve(term)]
    skills += list(vocabulary.mentions(resume.text()).found)
    place = resume.basics.location
    return Profile(
        name=name,
        titles=titles,
        seniority=[level],
        locations=[x for x in (place.city, place.country_code) if x],
        nice_to_have=list(dict.fromkeys(skills))[:MAX_SKILLS],
        summary=resume.basics.summary,
    )
