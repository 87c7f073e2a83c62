-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Which team each owner is on.
with source as (
    select * from {{ source('hubspot', 'hubspot_owner_team') }}
),

renamed as (
    select
        "owner_id",
        "team_id",
        "is_team_primary",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
