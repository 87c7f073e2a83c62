-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Which team each owner is on.
select
    "owner_id",
    "team_id",
    "is_team_primary",
    "_fivetran_deleted",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_owner_team') }}
