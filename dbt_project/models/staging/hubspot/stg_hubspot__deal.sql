-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Deals: new business, renewals, expansions and prospects.
select
    "deal_id",
    "deal_pipeline_id",
    "deal_pipeline_stage_id",
    "owner_id",
    "property_dealname",
    "property_dealtype",
    "property_amount",
    "property_createdate",
    "property_closedate",
    "property_tapflow_account_id",
    "is_deleted",
    "_fivetran_synced"
from {{ source('hubspot', 'hubspot_deal') }}
