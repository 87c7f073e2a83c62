-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- LinkedIn creatives (three per campaign) and where they click through to.
with source as (
    select * from {{ source('linkedin_ads', 'linkedin_ads_creative_history') }}
),

renamed as (
    select
        "id" as creative_id,
        "last_modified_time",
        "campaign_id",
        "intended_status",
        "status",
        "click_uri",
        "text_ad_landing_page",
        "spotlight_landing_page",
        "created_time",
        "created_at",
        "last_modified_at",
        "_fivetran_synced"
    from source
)

select * from renamed
