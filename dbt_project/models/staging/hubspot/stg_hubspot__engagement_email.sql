-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Email details.
select
    "engagement_id",
    "property_hs_email_subject",
    "property_hs_email_direction",
    "property_hs_email_status",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_engagement_email') }}
