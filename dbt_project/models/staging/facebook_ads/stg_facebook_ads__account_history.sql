-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Meta ad account versions.
select
    "id",
    "_fivetran_synced",
    "name",
    "account_status",
    "currency",
    "timezone_name",
    "business_country_code",
    "created_time"
from {{ source('facebook_ads', 'facebook_ads_account_history') }}
