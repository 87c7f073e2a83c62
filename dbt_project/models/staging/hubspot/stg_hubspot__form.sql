-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- HubSpot forms on the website, one per form type.
with source as (
    select * from {{ source('hubspot', 'hubspot_form') }}
),

renamed as (
    select
        "guid",
        "name",
        "portal_id",
        "form_type",
        "action",
        "method",
        "css_class",
        "redirect",
        "submit_text",
        "follow_up_id",
        "lead_nurturing_campaign_id",
        "notify_recipients",
        "created_at",
        "updated_at",
        "_fivetran_deleted",
        "_fivetran_synced"
    from source
)

select * from renamed
