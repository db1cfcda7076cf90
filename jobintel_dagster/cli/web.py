"""``jobintel web``: serve the job seeker's web app (docs/web.md) on the storage ``jobintel run`` writes,
with the Runs page over the same instance. ``--hash-password`` prints an argon2 hash for the users file."""

import argparse
import getpass
from dataclasses import replace

from jobintel_core.config.settings import load_settings
from jobintel_core.web.app import config_from_settings, create_app
from jobintel_core.web.security import hash_password
from jobintel_dagster.runs.instance import InstanceUnavailable, open_instance
from jobintel_dagster.web.drafts import InstanceDrafts
from jobintel_dagster.web.runs import InstanceRuns


def run(args: argparse.Namespace) -> int:
    if args.hash_password:
        print(hash_password(getpass.getpass("password: ")))
        return 0
    import uvicorn

    settings = load_settings()
    overrides = {k: v for k, v in (("web_host", args.host), ("web_port", args.port)) if v is not None}
    settings = settings.model_copy(update=overrides)
    try:
        instance = open_instance()
    except InstanceUnavailable as exc:
        print(f"runs page off, drafts written without a Dagster run: {exc}")
        instance = None
    try:
        config = config_from_settings(settings, InstanceRuns(instance) if instance else None)
    except ValueError as exc:
        raise SystemExit(f"configuration: {exc}") from None
    if instance is not None:  # "Prepare application" materializes the drafts on the instance
        config = replace(config, drafts=InstanceDrafts(instance, settings))
    mode = "exposed (logins required)" if config.exposed else "local (no login)"
    print(
        f"JobIntel web on http://{settings.web_host}:{settings.web_port} — {mode}; storage {settings.storage_url}"
    )
    uvicorn.run(create_app(config), host=settings.web_host, port=settings.web_port, log_level="warning")
    return 0
