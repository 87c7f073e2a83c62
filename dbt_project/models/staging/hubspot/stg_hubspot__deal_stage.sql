-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Deal stage history (one row per stage a deal entered).
with source as (
    select * from {{ source('hubspot', 'hubspot_deal_stage') }}
),

renamed as (
    select
        "deal_id",
        "_fivetran_start",
        "_fivetran_end",
        "_fivetran_active",
        "value",
        "date_entered",
        "source",
        "source_id",
        "_fivetran_synced"
    from source
)

select * from renamed
