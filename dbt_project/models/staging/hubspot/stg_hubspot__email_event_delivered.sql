-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Marketing email events of type DELIVERED and their details.
select
    "id",
    "response",
    "smtp_id",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_email_event_delivered') }}
