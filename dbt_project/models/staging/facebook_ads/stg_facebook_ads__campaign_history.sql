-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Meta campaign versions.
select
    "id",
    "updated_time",
    "account_id",
    "name",
    "status",
    "objective",
    "daily_budget",
    "lifetime_budget",
    "budget_remaining",
    "start_time",
    "stop_time",
    "created_time",
    "_fivetran_synced"
from {{ source('facebook_ads', 'facebook_ads_campaign_history') }}
