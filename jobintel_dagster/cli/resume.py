"""``jobintel resume import FILE --profile P``, ``resume list``, ``resume use NAME`` and ``resume delete``.

Import reads the file (with the optional LLM pass when ``JOBINTEL_AI_URL`` / ``JOBINTEL_AI_MODEL``
are set: it fills only what the rules missed and the output names those fields), shows what was
read section by section, and saves it only when the user confirms (or passes ``--yes``): a refused
file or a "no" leaves nothing stored. ``use`` chooses the résumé the profile scores with (drafts
default to it; its suggested settings are printed to copy into the profile). No dagster.
"""

import argparse
import os
import sys
from pathlib import Path

from jobintel_core.ai.guarded import GuardedChat
from jobintel_core.applications.dates import show_span
from jobintel_core.applications.extraction import ResumeRejected
from jobintel_core.applications.filling import IMPORT_CACHE
from jobintel_core.applications.importing import ImportedResume, read_resume
from jobintel_core.applications.library import (
    ResumeMissing,
    choose_scoring_resume,
    delete_resume,
    load_resume,
    resume_names,
    save_resume,
    scoring_resume,
)
from jobintel_core.applications.llm import ai_settings
from jobintel_core.applications.onboarding import suggested_profile
from jobintel_core.applications.resume import Resume
from jobintel_core.config.settings import load_settings
from jobintel_core.storage.objects import ObjectStore
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
    if imported.filled:
        print(f"Filled by the AI model from the file (check these): {', '.join(imported.filled)}")
    elif imported.ai in ("fallback", "rejected"):
        print(f"AI model not used: {imported.ai_reason}")
    if imported.missing:
        print(f"Not found (fill in later): {', '.join(imported.missing)}")
    _suggest(r)


def _suggest(resume: Resume) -> None:
    try:
        profile = suggested_profile("suggested", resume, today())
        levels = ", ".join(level.value for level in profile.seniority)
        print(f"Suggested profile: titles {profile.titles}, level {levels}, places {profile.locations}")
    except ValueError as exc:
        print(f"Suggested profile: none ({exc})")
        return
    print(f"  skills (nice_to_have): {profile.nice_to_have}")


def _scoring_line(store: ObjectStore, profile: str) -> str:
    scoring = scoring_resume(store, profile)
    if scoring.name is None:
        return f"{profile} has no résumé: drafts need one (`jobintel resume import FILE --profile {profile}`)"
    how = "chosen" if scoring.chosen else "by default: none chosen"
    return f"{profile} scores with résumé {scoring.name!r} ({how}); drafts default to it"


def run(args: argparse.Namespace) -> int:
    store = configured_store()
    if args.action == "delete":
        deleted = delete_resume(store, args.profile, args.name)
        if not deleted:
            raise CommandFailed(
                ExitCode.INVALID_INPUT, f"profile {args.profile!r} has no résumé {args.name!r}"
            )
        print(f"Deleted résumé {args.name!r} of {args.profile} and {len(deleted) - 1} derived file(s).")
        print(_scoring_line(store, args.profile))
        return 0
    if args.action == "list":
        scoring = scoring_resume(store, args.profile).name
        for name in resume_names(store, args.profile):
            print(f"{'*' if name == scoring else ' '} {name}")
        print(_scoring_line(store, args.profile))
        return 0
    if args.action == "use":
        try:
            choose_scoring_resume(store, args.profile, args.name)
        except ResumeMissing as exc:
            raise CommandFailed(ExitCode.INVALID_INPUT, str(exc)) from None
        print(_scoring_line(store, args.profile))
        where = load_settings().profiles_dir / f"{args.profile}.yaml"
        print(f"Its suggestions (put what fits into {where}; the web app pre-fills them):")
        _suggest(load_resume(store, args.profile, args.name))
        return 0
    path = Path(args.file)
    if not path.is_file():
        raise CommandFailed(ExitCode.INVALID_INPUT, f"{path}: no such file")
    ai = ai_settings(load_settings(), os.environ)
    try:
        imported = read_resume(
            path.read_bytes(), path.name, GuardedChat(ai, cache=IMPORT_CACHE) if ai.enabled else None
        )
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
