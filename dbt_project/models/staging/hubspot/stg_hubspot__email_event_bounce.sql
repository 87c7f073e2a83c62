-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Marketing email events of type BOUNCE and their details.
select
    "id",
    "category",
    "response",
    "status",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_email_event_bounce') }}
