-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Daily Google Ads stats by ad group, network and device (split of the campaign's).
with source as (
    select * from {{ source('google_ads', 'google_ads_ad_group_stats') }}
),

renamed as (
    select
        "id" as ad_group_id,
        "campaign_id",
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
