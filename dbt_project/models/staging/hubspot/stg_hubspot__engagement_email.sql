-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Email details.
select
    "engagement_id",
    "type",
    "property_hs_createdate",
    "property_hs_timestamp",
    "property_hubspot_owner_id",
    "property_hubspot_team_id",
    "_fivetran_deleted",
    "property_hs_email_subject",
    "property_hs_email_direction",
    "property_hs_email_status",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_engagement_email') }}
