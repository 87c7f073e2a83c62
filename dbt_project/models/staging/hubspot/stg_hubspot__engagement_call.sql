-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Call details.
with source as (
    select * from {{ source('hubspot', 'hubspot_engagement_call') }}
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
        "property_hs_call_title" as hs_call_title,
        "property_hs_call_direction" as hs_call_direction,
        "property_hs_call_duration" as hs_call_duration,
        "property_hs_call_disposition" as hs_call_disposition,
        "_fivetran_synced"
    from source
)

select * from renamed
