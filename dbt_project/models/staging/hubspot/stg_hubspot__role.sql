-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- HubSpot user roles.
select
    "id",
    "name",
    "requires_billing_write",
    "_fivetran_deleted",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_role') }}
