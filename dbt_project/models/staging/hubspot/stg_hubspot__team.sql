-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- HubSpot teams: Sales and Customer Success.
with source as (
    select * from {{ source('hubspot', 'hubspot_team') }}
),

renamed as (
    select
        "id" as team_id,
        "name",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
