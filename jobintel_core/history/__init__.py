"""History: one row per canonical job across days, de-duplication, and the day's changes."""
