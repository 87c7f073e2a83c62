-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Company property changes: name, lifecycle stage, industry.
select
    "company_id",
    "name",
    "value",
    "source",
    "source_id",
    "timestamp",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_company_property_history') }}
