"""Feedback domain: ratings and outcomes exported per date, each profile's preference model, and the
impressions log of what the blended shortlist and today's batch showed (docs/feedback.md)."""
