-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Google Ads ad groups (core, competitor and long-tail intent per campaign).
with source as (
    select * from {{ source('google_ads', 'google_ads_ad_group_history') }}
),

renamed as (
    select
        "id" as ad_group_id,
        "updated_at",
        "campaign_id",
        "campaign_name",
        "name",
        "status",
        "type",
        "_fivetran_active",
        "_fivetran_synced"
    from source
)

select * from renamed
