"""One list of environment variables: what the code reads is documented, and compose and the chart
set every one of them."""

import re

import yaml

from jobintel_core.config.reference import OTHER_VARIABLES
from jobintel_core.config.settings import (
    AI_KEY_ENV,
    APPRISE_URLS_ENV,
    SMTP_PASSWORD_ENV,
    WEB_SECRET_ENV,
    WEBHOOK_ENV,
    env_names,
)
from tests.conftest import REPO_ROOT

DEPLOY = REPO_ROOT / "deploy"
SECRETS = {
    WEBHOOK_ENV,
    SMTP_PASSWORD_ENV,
    APPRISE_URLS_ENV,
    AI_KEY_ENV,
    WEB_SECRET_ENV,
    "DAGSTER_PG_PASSWORD",
    "PGPASSWORD",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
}
# Read by Dagster's deployment instance (deploy/dagster.yaml) and boto3, not by Settings.
INSTANCE = {
    "DAGSTER_PG_HOST",
    "DAGSTER_PG_PORT",
    "DAGSTER_PG_USER",
    "DAGSTER_PG_DB",
    "DAGSTER_COMPUTE_LOG_BUCKET",
    "AWS_ENDPOINT_URL",
    "AWS_DEFAULT_REGION",
}


def env_file() -> dict[str, str]:
    pairs = [
        line.split("=", 1)
        for line in (DEPLOY / "jobintel.env").read_text().splitlines()
        if line and not line.startswith("#")
    ]
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
    assert set(secret_refs) == SECRETS and all(
        re.fullmatch(r"\$\{\w+:[?-].*\}", v) for v in secret_refs.values()
    )


def test_every_code_location_is_served_by_compose_and_the_chart():
    """``workspace.yaml`` (``make ui``) names the code locations and their modules; compose and every
    chart values file must serve the same ones, or a deployment silently lacks the dbt models."""
    local = yaml.safe_load((REPO_ROOT / "workspace.yaml").read_text())["load_from"]
    modules = {entry["python_module"]["module_name"] for entry in local}
    assert modules == {"jobintel_dagster.definitions", "jobintel_dagster.warehouse_definitions"}
    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text())["services"]
    served = {
        command[command.index("-m") + 1]: name
        for name, service in compose.items()
        if "code-server" in (command := service.get("command", []))
    }
    assert set(served) == modules
    remote = yaml.safe_load((DEPLOY / "workspace.yaml").read_text())["load_from"]
    assert {entry["grpc_server"]["host"] for entry in remote} == set(served.values())
    assert {e["grpc_server"]["location_name"] for e in remote} == {
        e["python_module"]["location_name"] for e in local
    }
    for values in ("values.yaml", "values-pi.yaml"):
        chart = yaml.safe_load((REPO_ROOT / "helm" / "jobintel" / values).read_text())
        deployments = chart["dagster"]["dagster-user-deployments"]["deployments"]
        assert {d["codeServerArgs"][d["codeServerArgs"].index("-m") + 1] for d in deployments} == modules, (
            values
        )
