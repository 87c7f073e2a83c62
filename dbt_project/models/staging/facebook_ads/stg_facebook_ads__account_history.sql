-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Meta ad account versions.
select
    "id",
    "_fivetran_synced",
    "name",
    "account_status",
    "currency",
    "timezone_name",
    "timezone_offset_hours_utc",
    "business_country_code",
    "business_state",
    "min_daily_budget",
    "created_time"
from {{ source('facebook_ads', 'facebook_ads_account_history') }}
