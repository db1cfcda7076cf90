"""History domain: identity across days, de-duplication, the day's changes, and retention."""
