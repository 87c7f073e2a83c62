-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Contacts each engagement is associated with.
with source as (
    select * from {{ source('hubspot', 'hubspot_engagement_contact') }}
),

renamed as (
    select
        "engagement_id",
        "contact_id",
        "category",
        "_fivetran_synced"
    from source
)

select * from renamed
