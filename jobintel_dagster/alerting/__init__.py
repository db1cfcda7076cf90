"""Alerting domain: Discord hooks on the assets and a run-failure sensor."""
