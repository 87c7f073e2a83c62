-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- The list each campaign was sent to.
select
    "campaign_id",
    "list_id",
    "updated_at",
    "_fivetran_synced"
from {{ source('iterable', 'iterable_campaign_list_history') }}
