-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Google Ads responsive search ads (two per ad group) and their final URLs.
with source as (
    select * from {{ source('google_ads', 'google_ads_ad_history') }}
),

renamed as (
    select
        "id" as ad_id,
        "updated_at",
        "ad_group_id",
        "name",
        "type",
        "status",
        "display_url",
        "final_urls",
        "_fivetran_active",
        "_fivetran_synced"
    from source
)

select * from renamed
