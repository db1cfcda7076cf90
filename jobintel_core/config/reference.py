"""The configuration reference in ``docs/configuration.md``, generated from ``settings`` so it cannot drift.

``python -m jobintel_core.config.reference docs/configuration.md`` (``make docs``) rewrites the
table between the markers; a test fails when the file and the settings differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

from jobintel_core.config.settings import (
    AI_KEY_ENV,
    APPRISE_URLS_ENV,
    SMTP_PASSWORD_ENV,
    WEB_SECRET_ENV,
    WEBHOOK_ENV,
    Settings,
)

START, END = "<!-- settings:start -->", "<!-- settings:end -->"

# Read by JobIntel's other parts or by the programs it runs, not by ``Settings``.
OTHER_VARIABLES: tuple[tuple[str, str, str], ...] = (
    (
        WEBHOOK_ENV,
        "unset (alerts off)",
        "Discord webhook; a secret, read only by the Discord resource, never logged",
    ),
    (
        SMTP_PASSWORD_ENV,
        "unset (no login)",
        "password of `JOBINTEL_SMTP_USER`; a secret, read only by the e-mail alert resource, never logged",
    ),
    (
        APPRISE_URLS_ENV,
        "unset (Apprise off)",
        (
            "Apprise URLs of the digest (`slack://…`, `tgram://…`, `ntfys://…`), separated by spaces or "
            "new lines, for profiles choosing `apprise`; secrets (tokens), never logged"
        ),
    ),
    (
        AI_KEY_ENV,
        "unset",
        (
            "API key of `JOBINTEL_AI_URL`; a secret, sent only as the Authorization header, never "
            "logged or stored"
        ),
    ),
    (
        WEB_SECRET_ENV,
        "unset (local mode: a random key per process)",
        "key that signs the web app's session cookies; required in exposed mode; a secret, never logged",
    ),
    (
        "PGPASSWORD",
        "unset",
        "password of a PostgreSQL warehouse (`JOBINTEL_WAREHOUSE_URL`), read by the loaders and dbt",
    ),
    ("DAGSTER_HOME", "`.jobintel/dagster_home` (set by the Makefile and `jobintel`)", "the Dagster instance"),
    ("AWS_ENDPOINT_URL", "unset (AWS)", "S3-compatible endpoint, e.g. MinIO `http://minio:9000`"),
    ("AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_DEFAULT_REGION", "boto3's usual chain", "S3 credentials"),
    (
        "DAGSTER_PG_HOST, DAGSTER_PG_PORT, DAGSTER_PG_USER, DAGSTER_PG_PASSWORD, DAGSTER_PG_DB",
        "none",
        "PostgreSQL of the deployment instance (`deploy/dagster.yaml`)",
    ),
    ("DAGSTER_COMPUTE_LOG_BUCKET", "none", "bucket for compute logs of the deployment instance"),
)


def _default(value: object) -> str:
    if value in ("", None):
        return "empty"
    if isinstance(value, Path) and value.is_absolute():
        return "bundled"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    return f"`{value}`"


def settings_table() -> str:
    lines = ["| variable | default | meaning |", "| --- | --- | --- |"]
    for field in Settings.model_fields.values():
        env = field.json_schema_extra["env"]  # type: ignore[index]
        lines.append(f"| `{env}` | {_default(field.default)} | {field.description} |")
    for names, default, meaning in OTHER_VARIABLES:
        variables = ", ".join(f"`{n.strip()}`" for n in names.split(","))
        lines.append(f"| {variables} | {default} | {meaning} |")
    return "\n".join(lines)


def render(document: str) -> str:
    """``document`` with the table between the markers replaced by the current one."""
    head, sep, rest = document.partition(START)
    _, sep_end, tail = rest.partition(END)
    if not sep or not sep_end:
        raise ValueError(f"the document has no {START} … {END} block")
    return f"{head}{START}\n{settings_table()}\n{END}{tail}"


if __name__ == "__main__":
    target = Path(sys.argv[1])
    target.write_text(render(target.read_text(encoding="utf-8")), encoding="utf-8")
