-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Daily Google Ads stats by campaign, network and device.
select
    "id",
    "date",
    "ad_network_type",
    "device",
    "customer_id",
    "impressions",
    "clicks",
    "conversions",
    "conversions_value",
    "view_through_conversions",
    "cost_micros",
    "_fivetran_id",
    "_fivetran_synced"
from {{ source('google_ads', 'google_ads_campaign_stats') }}
