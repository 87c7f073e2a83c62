-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- HubSpot user roles.
with source as (
    select * from {{ source('hubspot', 'hubspot_role') }}
),

renamed as (
    select
        "id" as role_id,
        "name",
        "requires_billing_write",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
