"""Matching: profiles, user state, embeddings, the vector index, scores and shortlists."""
