"""Where generated tables go besides PostgreSQL (saas_datagen.warehouse): Parquet."""
