"""``jobintel resume import FILE --profile P`` and ``jobintel resume delete --profile P``.

Import reads the file, shows what was read section by section, and saves it only when the user
confirms (or passes ``--yes``): a refused file or a "no" leaves nothing stored. No dagster.
"""

import argparse
import sys
from pathlib import Path

from jobintel_core.applications.dates import show_span
from jobintel_core.applications.extraction import ResumeRejected
from jobintel_core.applications.importing import ImportedResume, read_resume
from jobintel_core.applications.library import delete_resume, save_resume
from jobintel_core.applications.onboarding import suggested_profile
from jobintel_dagster.cli.common import configured_store, today
from jobintel_dagster.cli.exit_codes import CommandFailed, ExitCode


def _show(imported: ImportedResume) -> None:
    r = imported.resume
    print(f"Read a {imported.format} résumé; sections: {', '.join(imported.headings) or 'none found'}")
    print(f"Name:       {r.basics.name or '?'}")
    print(f"Contact:    {' · '.join(x for x in (r.basics.email, r.basics.phone, r.basics.url) if x) or '?'}")
    print("Experience:")
    for w in r.work:
        print(f"  {w.position or '?'} — {w.name or '?'} ({show_span(w.start_date, w.end_date) or '?'})")
    print("Education:")
    for e in r.education:
        degree = " ".join(x for x in (e.study_type, e.area) if x) or "?"
        print(f"  {degree} — {e.institution or '?'} ({show_span(e.start_date, e.end_date) or '?'})")
    print(f"Skills:     {', '.join(r.skill_names()) or '?'}")
    if r.languages:
        print(f"Languages:  {', '.join(x.language for x in r.languages)}")
    if imported.missing:
        print(f"Not found (fill in later): {', '.join(imported.missing)}")
    try:
        profile = suggested_profile("suggested", r, today())
        levels = ", ".join(level.value for level in profile.seniority)
        print(f"Suggested profile: titles {profile.titles}, level {levels}, places {profile.locations}")
    except ValueError as exc:
        print(f"Suggested profile: none ({exc})")


def run(args: argparse.Namespace) -> int:
    store = configured_store()
    if args.action == "delete":
        deleted = delete_resume(store, args.profile, args.name)
        if not deleted:
            raise CommandFailed(
                ExitCode.INVALID_INPUT, f"profile {args.profile!r} has no résumé {args.name!r}"
            )
        print(f"Deleted résumé {args.name!r} of {args.profile} and {len(deleted) - 1} derived file(s).")
        return 0
    path = Path(args.file)
    if not path.is_file():
        raise CommandFailed(ExitCode.INVALID_INPUT, f"{path}: no such file")
    try:
        imported = read_resume(path.read_bytes(), path.name)
    except ResumeRejected as exc:
        raise CommandFailed(ExitCode.INVALID_INPUT, str(exc)) from None
    _show(imported)
    if not args.yes:
        if not sys.stdin.isatty():
            raise CommandFailed(ExitCode.INVALID_INPUT, "not saved: check the above and rerun with --yes")
        if input("Save this résumé? [y/N] ").strip().lower() not in ("y", "yes"):
            print("Not saved.")
            return 0
    key = save_resume(store, args.profile, imported.resume, args.name)
    print(f"Saved: {store.uri(key)}")
    return 0
