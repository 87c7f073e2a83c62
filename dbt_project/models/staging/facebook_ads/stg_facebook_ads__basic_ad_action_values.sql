-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Daily value of Meta pixel conversions per ad (USD).
with source as (
    select * from {{ source('facebook_ads', 'facebook_ads_basic_ad_action_values') }}
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
