"""The code location loads the way Dagster loads it, and its asset graph is pinned in review.

``code_location_graph.json`` holds, for each of the two locations, every asset's partitions,
upstream keys, checks, code version and group, and every job, schedule and sensor. A change to the graph fails this test until the
file is regenerated (``UPDATE_GRAPH_SNAPSHOT=1 make test``), so the diff shows up in review.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

from dagster import Definitions

from jobintel_dagster.code_location import (
    PIPELINE_LOCATION,
    WAREHOUSE_LOCATION,
    build_definitions,
    build_warehouse_definitions,
)
from tests.conftest import REPO_ROOT

SNAPSHOT = Path(__file__).with_name("code_location_graph.json")
BIN = Path(sys.executable).parent


def graph_of(defs: Definitions) -> dict:
    graph = defs.resolve_asset_graph()
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        assets[key.to_user_string()] = {
            "partitions": str(node.partitions_def) if node.partitions_def else None,
            "deps": sorted(parent.to_user_string() for parent in node.parent_keys),
            "checks": sorted(check.name for check in node.check_keys),
            "code_version": node.code_version,
            "group": node.group_name,
            "materializable": node.is_materializable,
        }
    return {
        "assets": assets,
        "jobs": sorted(job.name for job in defs.resolve_all_job_defs()),
        "schedules": sorted(s.name for s in defs.schedules or []),
        "sensors": sorted(s.name for s in defs.sensors or []),
        "resources": sorted(defs.resources or {}),
    }


def test_the_asset_graph_is_the_reviewed_one(bundled_registry):
    from jobintel_core.config.settings import Settings

    current = {
        PIPELINE_LOCATION: graph_of(build_definitions(Settings(), bundled_registry)),
        WAREHOUSE_LOCATION: graph_of(build_warehouse_definitions(Settings(), bundled_registry)),
    }
    if os.environ.get("UPDATE_GRAPH_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
    assert current == json.loads(SNAPSHOT.read_text()), "graph changed: rerun with UPDATE_GRAPH_SNAPSHOT=1"


def test_dagster_loads_the_code_location(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    proc = subprocess.run(
        [BIN / "dagster", "definitions", "validate", "-w", "workspace.yaml"],
        cwd=REPO_ROOT,
        env={**os.environ, "DAGSTER_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "All code locations passed validation." in proc.stderr + proc.stdout


def test_loading_the_pipeline_location_imports_only_what_its_runs_need():
    """Every board's run process loads the pipeline location first: torch, sentence-transformers
    and faiss are imported only by the steps that encode or build an index; dbt-core and matplotlib
    only by the warehouse location; dagster-aws by nothing (boto3 only where storage is S3)."""
    probe = (
        "import sys, jobintel_dagster.definitions\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'torch', 'sentence_transformers', 'faiss', "
        "'dbt', 'dagster_dbt', 'matplotlib', 'dagster_aws', 'boto3'}))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "[]"
