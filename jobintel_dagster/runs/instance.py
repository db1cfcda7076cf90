"""The embedded Dagster instance that ``make run`` and ``make ui`` share.

Both must point at the same ``DAGSTER_HOME`` or the UI would not show what ``make run`` did; this
module is the one place that decides it (default ``.jobintel/dagster_home``) and seeds its
``dagster.yaml`` from ``deploy/local/dagster.yaml`` the first time.
"""

import os
import shutil
from pathlib import Path

from dagster import DagsterInstance

DEFAULT_HOME = Path(".jobintel/dagster_home")
LOCAL_CONFIG = Path(__file__).resolve().parents[2] / "deploy" / "local" / "dagster.yaml"


def ensure_dagster_home() -> Path:
    """Set ``DAGSTER_HOME`` if unset, create it, seed its config; returns the absolute path."""
    home = Path(os.environ.get("DAGSTER_HOME") or DEFAULT_HOME).resolve()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["DAGSTER_HOME"] = str(home)
    config = home / "dagster.yaml"
    if not config.exists() and LOCAL_CONFIG.exists():
        shutil.copyfile(LOCAL_CONFIG, config)
    return home


def local_instance() -> DagsterInstance:
    ensure_dagster_home()
    return DagsterInstance.get()
