"""The warehouse: our stored Parquet tables loaded into SQL (DuckDB or PostgreSQL) for dbt's marts."""
