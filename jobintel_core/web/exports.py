"""The tracker as files for the user's own tools: CSV (with the stage history) and ICS (follow-ups)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from icalendar import Calendar, Event

from jobintel_core.web.views import Tracker

CSV_COLUMNS = (
    "job_id",
    "title",
    "company",
    "url",
    "job_status",
    "stage",
    "since",
    "follow_up",
    "notes",
    "stages",
)


def tracker_csv(tracker: Tracker) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in tracker.rows:
        stages = " > ".join(f"{c.status.value} {c.date.isoformat()}" for c in row.stage_history)
        writer.writerow(
            [
                row.job_id,
                row.title,
                row.company,
                row.url,
                row.job_status,
                row.stage,
                row.since.isoformat(),
                row.follow_up.isoformat() if row.follow_up else "",
                row.notes,
                stages,
            ]
        )
    return out.getvalue()


def tracker_ics(tracker: Tracker, now: datetime | None = None) -> bytes:
    """One all-day event per follow-up date; the UID is stable per profile and job, so a calendar
    that imports the file again updates the event instead of adding a second one."""
    calendar = Calendar()
    calendar.add("prodid", "-//JobIntel//tracker//EN")
    calendar.add("version", "2.0")
    stamp = now or datetime.now(UTC)
    for row in tracker.rows:
        if row.follow_up is None:
            continue
        event = Event()
        event.add("uid", f"{tracker.profile}-{row.job_id}@jobintel")
        event.add("dtstamp", stamp)
        event.add("dtstart", row.follow_up)
        event.add("summary", f"Follow up: {row.title} — {row.company}")
        event.add("description", f"Stage: {row.stage}. {row.notes}".strip())
        if row.url:
            event.add("url", row.url)
        calendar.add_component(event)
    return bytes(calendar.to_ical())
