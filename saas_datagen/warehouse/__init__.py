"""PostgreSQL: which server, which database, DDL, bulk load and atomic swap."""
