-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Monthly LinkedIn stats per campaign by member country.
with source as (
    select * from {{ source('linkedin_ads', 'linkedin_ads_monthly_ad_analytics_by_member_country') }}
),

renamed as (
    select
        "campaign_id",
        "member_country",
        "month",
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
