"""Every command's arguments, and nothing else: building the parser imports no command's code.

``jobintel run`` materializes a day the way the daily schedule does and prints each profile's top
10; ``search`` queries the latest index; ``mark`` / ``state`` record and list what you did about a
job; ``insights`` builds a week's report; ``replay`` rematerializes a past date from stored payloads and compares hashes.
"""

import argparse

from jobintel_core.matching.profiles.user_state import JobStatus, check_profile_name


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
    run.add_argument("--date", help="partition date YYYY-MM-DD (default: today in JOBINTEL_TIMEZONE)")
    run.add_argument("--from", dest="from_date", help="first date of a range ending at --date, in order")
    run.add_argument("--provider", action="append", help="only this provider (repeatable)")
    run.add_argument("--verbose", action="store_true", help="show Dagster's step logs")

    mark = commands.add_parser("mark", help="record what you did about a job (per profile)")
    mark.add_argument("job_id", help="a job_id from job_history / the shortlist (duplicates' ids work too)")
    mark.add_argument("status", choices=[s.value for s in JobStatus])
    mark.add_argument("--profile", required=True, type=_profile_name, help="profile name (lowercase slug)")
    mark.add_argument("--note", help="free text kept with the state")
    mark.add_argument("--date", help="date of the action (default: today)")

    state = commands.add_parser("state", help="list a profile's marked jobs")
    state.add_argument("--profile", required=True, type=_profile_name)

    search = commands.add_parser("search", help="semantic search over the latest index")
    search.add_argument("query")
    search.add_argument("--profile", type=_profile_name, help="also show this profile's score")
    search.add_argument("--date", help="index date (default: latest stored)")
    search.add_argument("-k", type=int, default=10, help="number of results (default 10)")

    insights = commands.add_parser(
        "insights", help="build a week's insights and print a profile's report path"
    )
    insights.add_argument("--profile", required=True, type=_profile_name)
    insights.add_argument(
        "--week", help="any date of the week, YYYY-MM-DD (default: the week of the latest stored shortlist)"
    )
    insights.add_argument("--verbose", action="store_true", help="show Dagster's step logs")

    replay = commands.add_parser(
        "replay", help="rematerialize a past date from stored payloads and compare hashes"
    )
    replay.add_argument("--date", required=True, help="the date to replay, YYYY-MM-DD")
    replay.add_argument("--provider", action="append", help="only this provider's partitions (repeatable)")
    return parser
