-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Meeting details.
with source as (
    select * from {{ source('hubspot', 'hubspot_engagement_meeting') }}
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
        "property_hs_meeting_title" as hs_meeting_title,
        "property_hs_meeting_start_time" as hs_meeting_start_time,
        "property_hs_meeting_end_time" as hs_meeting_end_time,
        "property_hs_meeting_outcome" as hs_meeting_outcome,
        "_fivetran_synced"
    from source
)

select * from renamed
