"""Alerting domain: Discord hooks on the assets and a run-failure sensor."""

from dagster import Definitions

from jobintel_dagster.alerting.hooks import alert_failure, alert_new_matches
from jobintel_dagster.alerting.sensors import alert_run_failure

ASSET_HOOKS = {alert_failure}
SHORTLIST_HOOKS = {alert_failure, alert_new_matches}


def alerting_definitions() -> Definitions:
    return Definitions(sensors=[alert_run_failure])
