-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Meta ads (two per ad set).
with source as (
    select * from {{ source('facebook_ads', 'facebook_ads_ad_history') }}
),

renamed as (
    select
        "id" as ad_id,
        "updated_time",
        "ad_set_id",
        "campaign_id",
        "account_id",
        "name",
        "status",
        "creative_id",
        "conversion_domain",
        "_fivetran_synced"
    from source
)

select * from renamed
