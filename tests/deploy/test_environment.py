"""One list of environment variables: what the code reads is documented, and compose and the chart
set every one of them."""

import re

import yaml

from jobintel_core.config.reference import OTHER_VARIABLES
from jobintel_core.config.settings import AI_KEY_ENV, WEBHOOK_ENV, env_names
from tests.conftest import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
SECRETS = {WEBHOOK_ENV, AI_KEY_ENV, "DAGSTER_PG_PASSWORD", "PGPASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}
# Read by Dagster's deployment instance (deploy/dagster.yaml) and boto3, not by Settings.
INSTANCE = {"DAGSTER_PG_HOST", "DAGSTER_PG_PORT", "DAGSTER_PG_USER", "DAGSTER_PG_DB", "DAGSTER_COMPUTE_LOG_BUCKET",
            "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION"}


def env_file() -> dict[str, str]:
    pairs = [line.split("=", 1) for line in (DEPLOY / "jobintel.env").read_text().splitlines()
             if line and not line.startswith("#")]
    return dict(pairs)


def test_compose_and_chart_set_every_setting_and_the_instance_variables():
    wanted = set(env_names()) | INSTANCE
    assert set(env_file()) == wanted
    chart = yaml.safe_load((REPO_ROOT / "helm" / "jobintel" / "values.yaml").read_text())
    assert set(chart["jobintel"]["env"]) == wanted


def test_every_variable_is_documented_and_secrets_are_never_in_plain_files():
    documented = (REPO_ROOT / "docs" / "configuration.md").read_text()
    other = {name.strip() for names, _, _ in OTHER_VARIABLES for name in names.split(",")}
    for name in set(env_names()) | INSTANCE | SECRETS:
        assert f"`{name}`" in documented, name
        assert name in set(env_names()) | other, name
    assert not SECRETS & set(env_file())
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    secret_refs = compose["x-jobintel"]["environment"]
    assert set(secret_refs) == SECRETS and all(re.fullmatch(r"\$\{\w+:[?-].*\}", v) for v in secret_refs.values())
