-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Daily Google Ads stats by search term and the keyword it matched.
with source as (
    select * from {{ source('google_ads', 'google_ads_search_term_keyword_stats') }}
),

renamed as (
    select
        "search_term",
        "date",
        "ad_group_id",
        "campaign_id",
        "customer_id",
        "keyword_ad_group_criterion",
        "search_term_match_type",
        "status",
        "info_text",
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
