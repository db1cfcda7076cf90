"""Automation domain: the daily schedule and the sensors that follow it."""

from dagster import Definitions

from jobintel_core.registry import ProviderRegistry
from jobintel_core.settings import Settings
from jobintel_dagster.automation.schedules import build_daily_schedule
from jobintel_dagster.automation.sensors import build_rollup_sensor, rescore_on_profile_or_state_change
from jobintel_dagster.partitions import JobIntelPartitions


def automation_definitions(
    settings: Settings, partitions: JobIntelPartitions, registry: ProviderRegistry
) -> Definitions:
    return Definitions(
        schedules=[build_daily_schedule(settings, partitions, registry)],
        sensors=[build_rollup_sensor(partitions), rescore_on_profile_or_state_change],
    )
