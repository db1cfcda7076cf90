"""The User-Agent every live request carries: our name, version and a contact board owners can reach.

Live and record modes refuse to start without a contact: a scraper that cannot be reached is
one a board owner can only block.
"""

from __future__ import annotations

from jobintel_core import __version__

CONTACT_ENV = "JOBINTEL_CONTACT"


def user_agent(contact: str) -> str:
    if not contact.strip():
        raise ValueError(
            f"live fetching needs {CONTACT_ENV}: an email or URL board owners can reach you at "
            "(it goes into the User-Agent of every request)"
        )
    return f"JobIntel/{__version__} (+{contact.strip()})"
