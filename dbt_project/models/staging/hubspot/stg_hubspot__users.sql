-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- HubSpot users: one per owner (owner.active_user_id).
with source as (
    select * from {{ source('hubspot', 'hubspot_users') }}
),

renamed as (
    select
        "id" as user_id,
        "email",
        "first_name",
        "last_name",
        "primary_team_id",
        "role_id",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
