-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Meeting details.
select
    "engagement_id",
    "type",
    "property_hs_createdate",
    "property_hs_timestamp",
    "property_hubspot_owner_id",
    "property_hubspot_team_id",
    "_fivetran_deleted",
    "property_hs_meeting_title",
    "property_hs_meeting_start_time",
    "property_hs_meeting_end_time",
    "property_hs_meeting_outcome",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_engagement_meeting') }}
