-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Which team each user is on.
with source as (
    select * from {{ source('hubspot', 'hubspot_team_user') }}
),

renamed as (
    select
        "team_id",
        "user_id",
        "is_secondary_user",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
