"""Storage: one object-store interface (local folder or S3), every key in one module, tables as Parquet."""
