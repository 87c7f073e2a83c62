-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Company property changes: name, lifecycle stage, industry.
with source as (
    select * from {{ source('hubspot', 'hubspot_company_property_history') }}
),

renamed as (
    select
        "company_id",
        "name",
        "value",
        "source",
        "source_id",
        "timestamp",
        "_fivetran_synced"
    from source
)

select * from renamed
