-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Deal property changes: amount and every stage entered.
with source as (
    select * from {{ source('hubspot', 'hubspot_deal_property_history') }}
),

renamed as (
    select
        "deal_id",
        "name",
        "value",
        "source",
        "source_id",
        "timestamp",
        "_fivetran_synced"
    from source
)

select * from renamed
