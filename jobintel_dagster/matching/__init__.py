"""Matching domain: embeddings, the FAISS index, scores and shortlists, and their sources (profiles, user state)."""
