-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Google Ads keywords (criteria) per ad group.
with source as (
    select * from {{ source('google_ads', 'google_ads_ad_group_criterion_history') }}
),

renamed as (
    select
        "id" as ad_group_criterion_id,
        "updated_at",
        "ad_group_id",
        "base_campaign_id",
        "keyword_text",
        "keyword_match_type",
        "status",
        "type",
        "_fivetran_active",
        "_fivetran_synced"
    from source
)

select * from renamed
