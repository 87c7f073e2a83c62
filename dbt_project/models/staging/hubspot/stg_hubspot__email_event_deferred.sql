-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Marketing email events of type DEFERRED and their details.
select
    "id",
    "attempt",
    "response",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_email_event_deferred') }}
