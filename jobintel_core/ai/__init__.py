"""AI as the last mile: optional, cached, schema-checked and fail-closed (see ``guarded``)."""
