-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Meta ad creatives: landing link and UTM url tags (one per ad).
with source as (
    select * from {{ source('facebook_ads', 'facebook_ads_creative_history') }}
),

renamed as (
    select
        "id" as creative_id,
        "_fivetran_id",
        "account_id",
        "name",
        "page_link",
        "template_page_link",
        "url_tags",
        "object_story_link_data_link",
        "object_story_link_data_message",
        "object_story_link_data_caption",
        "object_story_link_data_description",
        "object_story_link_data_child_attachments",
        "asset_feed_spec_link_urls",
        "template_app_link_spec_android",
        "template_app_link_spec_ios",
        "template_app_link_spec_ipad",
        "template_app_link_spec_iphone",
        "_fivetran_synced"
    from source
)

select * from renamed
