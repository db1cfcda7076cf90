"""Every command's arguments, and nothing else: building the parser imports no command's code.

``jobintel run`` materializes a day the way the daily schedule does and prints each profile's top
10; ``search`` queries the latest index; ``mark`` / ``state`` record and list what you did about a
job; ``rate`` / ``outcome`` record a rating and how an application went; ``insights`` builds a week's report; ``web`` serves the web app; ``replay`` rematerializes a past date from stored payloads and compares hashes.
"""

import argparse
from datetime import date

from jobintel_core.feedback.events import ASPECTS, OUTCOME_STAGES, SCALE, STARS
from jobintel_core.matching.profiles.user_state import JobStatus, check_profile_name


def _date(value: str) -> date:
    """A YYYY-MM-DD argument; anything else is a usage error (exit 2), not a traceback."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date YYYY-MM-DD") from None


def _profile_name(value: str) -> str:
    try:
        return check_profile_name(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jobintel", description="JobIntel: the command line over the code location."
    )
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="materialize a day (or a range of days) for every provider")
    run.add_argument(
        "--date", type=_date, help="partition date YYYY-MM-DD (default: today in JOBINTEL_TIMEZONE)"
    )
    run.add_argument(
        "--from", dest="from_date", type=_date, help="first date of a range ending at --date, in order"
    )
    run.add_argument("--provider", action="append", help="only this provider (repeatable)")
    run.add_argument("--verbose", action="store_true", help="show Dagster's step logs")

    mark = commands.add_parser("mark", help="record what you did about a job (per profile)")
    mark.add_argument("job_id", help="a job_id from job_history / the shortlist (duplicates' ids work too)")
    mark.add_argument("status", choices=[s.value for s in JobStatus])
    mark.add_argument("--profile", required=True, type=_profile_name, help="profile name (lowercase slug)")
    mark.add_argument("--note", help="free text kept with the state")
    mark.add_argument("--date", type=_date, help="date of the action (default: today)")

    rate = commands.add_parser("rate", help="rate a job for a profile (1-5 stars), to learn what you like")
    rate.add_argument("job_id", help="a job_id from job_history / the shortlist (duplicates' ids work too)")
    rate.add_argument("--profile", required=True, type=_profile_name, help="profile name (lowercase slug)")
    rate.add_argument("--stars", required=True, type=int, choices=range(STARS[0], STARS[1] + 1))
    for aspect in ASPECTS:
        rate.add_argument(
            f"--{aspect}",
            type=int,
            choices=range(SCALE[0], SCALE[1] + 1),
            metavar=f"{SCALE[0]}..{SCALE[1]}",
            help=f"optional: the job's {aspect}, {SCALE[0]} (bad) to {SCALE[1]} (great)",
        )
    rate.add_argument("--comment", help="free text kept with the rating (never logged)")

    outcome = commands.add_parser("outcome", help="record how an application went (moves it in the tracker)")
    outcome.add_argument(
        "job_id", help="a job_id from job_history / the shortlist (duplicates' ids work too)"
    )
    outcome.add_argument("--profile", required=True, type=_profile_name, help="profile name (lowercase slug)")
    outcome.add_argument("--stage", required=True, choices=[s.value for s in OUTCOME_STAGES])
    outcome.add_argument("--date", type=_date, help="date it happened (default: today; not in the future)")
    outcome.add_argument("--note", help="replaces the tracker's note for the job (default: kept)")

    state = commands.add_parser("state", help="list a profile's marked jobs")
    state.add_argument("--profile", required=True, type=_profile_name)

    search = commands.add_parser("search", help="semantic search over the latest index")
    search.add_argument("query")
    search.add_argument("--profile", type=_profile_name, help="also show this profile's score")
    search.add_argument("--date", type=_date, help="index date (default: latest stored)")
    search.add_argument("-k", type=int, default=10, help="number of results (default 10)")

    insights = commands.add_parser(
        "insights", help="build a week's insights and print a profile's report path"
    )
    insights.add_argument("--profile", required=True, type=_profile_name)
    insights.add_argument(
        "--week",
        type=_date,
        help="any date of the week, YYYY-MM-DD (default: the week of the latest stored shortlist)",
    )
    insights.add_argument("--verbose", action="store_true", help="show Dagster's step logs")

    web = commands.add_parser("web", help="serve the web app (Today, jobs, tracker, API) on the stored data")
    web.add_argument("--host", help="address to bind (default JOBINTEL_WEB_HOST, 127.0.0.1)")
    web.add_argument("--port", type=int, help="port (default JOBINTEL_WEB_PORT, 8000)")
    web.add_argument("--hash-password", action="store_true", help="print an argon2 hash for the users file")

    replay = commands.add_parser(
        "replay", help="rematerialize a past date from stored payloads and compare hashes"
    )
    replay.add_argument("--date", required=True, type=_date, help="the date to replay, YYYY-MM-DD")
    replay.add_argument("--provider", action="append", help="only this provider's partitions (repeatable)")

    resume = commands.add_parser("resume", help="import, list, choose or delete a profile's résumés")
    resume_actions = resume.add_subparsers(dest="action", required=True)
    imported = resume_actions.add_parser("import", help="read a PDF, DOCX, Markdown or text résumé")
    imported.add_argument("file", help="the résumé file (.pdf, .docx, .md, .txt)")
    imported.add_argument("--profile", required=True, type=_profile_name)
    imported.add_argument("--name", default="main", type=_profile_name, help="which résumé (default main)")
    imported.add_argument("--yes", action="store_true", help="save without asking (after showing it)")
    deleted = resume_actions.add_parser("delete", help="delete a résumé and every draft written from it")
    deleted.add_argument("--profile", required=True, type=_profile_name)
    deleted.add_argument("--name", default="main", type=_profile_name, help="which résumé (default main)")
    listed = resume_actions.add_parser("list", help="a profile's résumés and which one scores")
    listed.add_argument("--profile", required=True, type=_profile_name)
    used = resume_actions.add_parser("use", help="score the profile with this résumé (drafts default to it)")
    used.add_argument("name", type=_profile_name, help="one of the profile's résumés")
    used.add_argument("--profile", required=True, type=_profile_name)

    draft = commands.add_parser("draft", help="write a job's tailored CV, cover letter and brief")
    draft.add_argument("job_id", help="a job_id from the shortlist")
    draft.add_argument("--profile", required=True, type=_profile_name)
    draft.add_argument("--resume", type=_profile_name, help="which résumé (default: the scoring one)")
    draft.add_argument("--verbose", action="store_true", help="show Dagster's step logs")
    return parser
