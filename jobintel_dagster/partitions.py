"""Partitions: run date × provider for per-board assets, run date alone for cross-board ones.

The provider dimension is *static*, built from the registry when the code location loads, so
``--partition "2026-11-20|northwind"`` works on any instance (dynamic keys exist only in the
instance that added them). Multi-partition keys list dimensions by name: ``date|provider``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dagster import (
    DailyPartitionsDefinition,
    MultiPartitionKey,
    MultiPartitionsDefinition,
    StaticPartitionsDefinition,
    WeeklyPartitionsDefinition,
)

from jobintel_core.config.registry import ProviderRegistry
from jobintel_core.config.settings import Settings
from jobintel_core.insights.report import week_of

DATE_DIMENSION = "date"
PROVIDER_DIMENSION = "provider"


@dataclass(frozen=True)
class JobIntelPartitions:
    daily: DailyPartitionsDefinition
    providers: StaticPartitionsDefinition
    daily_by_provider: MultiPartitionsDefinition
    weekly: WeeklyPartitionsDefinition  # Monday-started weeks, for insights


def build_partitions(settings: Settings, registry: ProviderRegistry) -> JobIntelPartitions:
    keys = registry.enabled_keys()
    if not keys:
        raise ValueError(f"{registry.source}: no enabled providers; nothing to partition by")
    # end_offset=1: today's partition exists today, so the morning run collects today's postings.
    daily = DailyPartitionsDefinition(
        start_date=settings.start_date.isoformat(), timezone=settings.timezone, end_offset=1
    )
    providers = StaticPartitionsDefinition(keys)
    # end_offset=1: this week's partition exists during the week (a report of the week so far).
    weekly = WeeklyPartitionsDefinition(
        start_date=week_of(settings.start_date).isoformat(),
        day_offset=1,
        timezone=settings.timezone,
        end_offset=1,
    )
    return JobIntelPartitions(
        daily=daily,
        providers=providers,
        daily_by_provider=MultiPartitionsDefinition({DATE_DIMENSION: daily, PROVIDER_DIMENSION: providers}),
        weekly=weekly,
    )


def date_provider_key(day: date | str, provider: str) -> MultiPartitionKey:
    day_str = day.isoformat() if isinstance(day, date) else day
    return MultiPartitionKey({DATE_DIMENSION: day_str, PROVIDER_DIMENSION: provider})


def split_partition_key(partition_key: str) -> tuple[date, str]:
    """``(date, provider)`` of a ``date|provider`` key (a ``MultiPartitionKey`` or its string)."""
    if isinstance(partition_key, MultiPartitionKey):
        dims = partition_key.keys_by_dimension
        return date.fromisoformat(dims[DATE_DIMENSION]), dims[PROVIDER_DIMENSION]
    day, _, provider = str(partition_key).partition("|")
    if not provider:
        raise ValueError(f"partition key {partition_key!r} is not of the form 'YYYY-MM-DD|provider'")
    return date.fromisoformat(day), provider


def partition_path(partition_key: str) -> str:
    """``2026-11-20|northwind`` → ``2026-11-20/northwind`` (dimensions in name order)."""
    if isinstance(partition_key, MultiPartitionKey):
        dims = partition_key.keys_by_dimension
        return "/".join(dims[name] for name in sorted(dims))
    return partition_key.replace("|", "/")
