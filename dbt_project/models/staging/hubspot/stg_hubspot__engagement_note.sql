-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Note details.
with source as (
    select * from {{ source('hubspot', 'hubspot_engagement_note') }}
),

renamed as (
    select
        "engagement_id",
        "type",
        "property_hs_createdate" as hs_createdate,
        "property_hs_timestamp" as hs_timestamp,
        "property_hubspot_owner_id" as hubspot_owner_id,
        "property_hubspot_team_id" as hubspot_team_id,
        "_fivetran_deleted",
        "property_hs_note_body" as hs_note_body,
        "body",
        "_fivetran_synced"
    from source
)

select * from renamed
