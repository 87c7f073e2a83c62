-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Marketing emails: a monthly newsletter and quarterly product announcements.
with source as (
    select * from {{ source('hubspot', 'hubspot_email_campaign') }}
),

renamed as (
    select
        "id" as email_campaign_id,
        "name",
        "subject",
        "type",
        "sub_type",
        "app_id",
        "app_name",
        "content_id",
        "num_included",
        "num_queued",
        "_fivetran_synced"
    from source
)

select * from renamed
