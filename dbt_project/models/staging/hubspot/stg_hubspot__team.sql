-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- HubSpot teams: Sales and Customer Success.
select
    "id",
    "name",
    "_fivetran_deleted",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_team') }}
