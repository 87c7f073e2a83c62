-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- HubSpot users owning records (sales and customer success).
with source as (
    select * from {{ source('hubspot', 'hubspot_owner') }}
),

renamed as (
    select
        "owner_id",
        "active_user_id",
        "portal_id",
        "type",
        "email",
        "first_name",
        "last_name",
        "team",
        "is_active",
        "created_at",
        "updated_at",
        "_fivetran_synced"
    from source
)

select * from renamed
