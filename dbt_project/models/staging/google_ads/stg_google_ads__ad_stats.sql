-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Daily Google Ads stats by ad, network and device (split of the ad group's).
with source as (
    select * from {{ source('google_ads', 'google_ads_ad_stats') }}
),

renamed as (
    select
        "ad_id",
        "ad_group_id"::bigint as ad_group_id,
        "ad_group",
        "campaign_id",
        "keyword_ad_group_criterion",
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
        "_fivetran_synced"
    from source
)

select * from renamed
