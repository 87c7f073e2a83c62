"""Dagster definitions: raw assets, dbt assets, checks, schedule, resources."""
