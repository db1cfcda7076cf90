"""Ratings and outcomes as events, and the per-profile preference learner that reranks the shortlist
from them (docs/feedback.md)."""
