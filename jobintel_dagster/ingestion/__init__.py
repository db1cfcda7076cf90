"""Ingestion domain: collect each board's payload exactly as received and normalize it into ``jobs``."""
