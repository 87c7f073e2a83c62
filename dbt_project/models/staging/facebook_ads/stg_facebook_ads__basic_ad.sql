-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Daily Meta stats per ad (Meta has no campaign-level stats).
with source as (
    select * from {{ source('facebook_ads', 'facebook_ads_basic_ad') }}
),

renamed as (
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
    from source
)

select * from renamed
