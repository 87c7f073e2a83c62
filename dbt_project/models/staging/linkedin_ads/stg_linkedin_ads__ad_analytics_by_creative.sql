-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Daily LinkedIn stats per creative (an exact split of the campaign's).
with source as (
    select * from {{ source('linkedin_ads', 'linkedin_ads_ad_analytics_by_creative') }}
),

renamed as (
    select
        "creative_id",
        "day",
        "impressions",
        "clicks",
        "landing_page_clicks",
        "external_website_conversions",
        "one_click_leads",
        "conversion_value_in_local_currency",
        "cost_in_usd",
        "cost_in_local_currency",
        "_fivetran_synced"
    from source
)

select * from renamed
