"""Alerting: Discord delivery, the ledger of what was sent, and the messages themselves."""
