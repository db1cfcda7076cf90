"""Ingestion: where a board's payload comes from, what came over the wire, and the normalized postings."""
