-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Companies each engagement is associated with.
with source as (
    select * from {{ source('hubspot', 'hubspot_engagement_company') }}
),

renamed as (
    select
        "engagement_id",
        "company_id",
        "category",
        "_fivetran_synced"
    from source
)

select * from renamed
