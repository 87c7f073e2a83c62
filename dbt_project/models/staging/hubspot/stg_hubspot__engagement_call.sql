-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Call details.
select
    "engagement_id",
    "type",
    "property_hs_createdate",
    "property_hs_timestamp",
    "property_hubspot_owner_id",
    "property_hubspot_team_id",
    "_fivetran_deleted",
    "property_hs_call_title",
    "property_hs_call_direction",
    "property_hs_call_duration",
    "property_hs_call_disposition",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_engagement_call') }}
