-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Note details.
select
    "engagement_id",
    "property_hs_note_body",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_engagement_note') }}
