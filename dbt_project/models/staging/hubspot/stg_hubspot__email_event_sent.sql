-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Marketing email events of type SENT and their details.
select
    "id",
    "from",
    "reply_to",
    "cc",
    "bcc",
    "subject",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_email_event_sent') }}
