-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Contacts on each list.
select
    "contact_id",
    "contact_list_id",
    "added_at",
    "_fivetran_deleted",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_contact_list_member') }}
