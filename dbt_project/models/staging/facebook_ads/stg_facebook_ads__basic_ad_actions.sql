-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Daily Meta actions per ad (link clicks, landing views, leads and pixel leads).
with source as (
    select * from {{ source('facebook_ads', 'facebook_ads_basic_ad_actions') }}
),

renamed as (
    select
        "ad_id",
        "date",
        "action_type",
        "index",
        "_fivetran_id",
        "_fivetran_synced",
        "value"
    from source
)

select * from renamed
