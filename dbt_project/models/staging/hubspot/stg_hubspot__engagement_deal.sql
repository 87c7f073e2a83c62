-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Deals each engagement is associated with.
with source as (
    select * from {{ source('hubspot', 'hubspot_engagement_deal') }}
),

renamed as (
    select
        "engagement_id",
        "deal_id",
        "category",
        "_fivetran_synced"
    from source
)

select * from renamed
