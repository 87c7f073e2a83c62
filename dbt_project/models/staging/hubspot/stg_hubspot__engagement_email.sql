-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Email details.
with source as (
    select * from {{ source('hubspot', 'hubspot_engagement_email') }}
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
        "property_hs_email_subject" as hs_email_subject,
        "property_hs_email_direction" as hs_email_direction,
        "property_hs_email_status" as hs_email_status,
        "_fivetran_synced"
    from source
)

select * from renamed
