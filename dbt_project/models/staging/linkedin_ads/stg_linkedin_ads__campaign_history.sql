-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- LinkedIn campaign versions.
select
    "id",
    "last_modified_time",
    "account_id",
    "campaign_group_id",
    "name",
    "status",
    "type",
    "cost_type",
    "daily_budget_amount",
    "daily_budget_currency_code",
    "run_schedule_start",
    "run_schedule_end",
    "created_time",
    "_fivetran_synced"
from {{ source('linkedin_ads', 'linkedin_ads_campaign_history') }}
