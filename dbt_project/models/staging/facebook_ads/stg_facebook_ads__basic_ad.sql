-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Daily Meta stats per ad (Meta has no campaign-level stats).
select
    "ad_id",
    "date",
    "account_id",
    "ad_name",
    "adset_name",
    "impressions",
    "inline_link_clicks",
    "spend",
    "reach",
    "frequency",
    "_fivetran_synced"
from {{ source('facebook_ads', 'facebook_ads_basic_ad') }}
