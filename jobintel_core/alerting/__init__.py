"""Alerting: the daily digest on Discord, e-mail and Apprise, the ledger of what was sent, failures."""
