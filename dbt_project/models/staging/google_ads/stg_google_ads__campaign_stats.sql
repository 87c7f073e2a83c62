-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Daily Google Ads stats by campaign, network and device.
with source as (
    select * from {{ source('google_ads', 'google_ads_campaign_stats') }}
),

renamed as (
    select
        "id" as campaign_id,
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
    from source
)

select * from renamed
