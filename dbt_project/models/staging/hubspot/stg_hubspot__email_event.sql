-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Every marketing email event (sent, delivered, opened, clicked, bounced ...).
with source as (
    select * from {{ source('hubspot', 'hubspot_email_event') }}
),

renamed as (
    select
        "id" as email_event_id,
        "type",
        "created",
        "recipient",
        "email_campaign_id",
        "portal_id",
        "app_id",
        "sent_by_id",
        "sent_by_created",
        "caused_by_id",
        "caused_by_created",
        "obsoleted_by_id",
        "obsoleted_by_created",
        "filtered_event",
        "_fivetran_synced"
    from source
)

select * from renamed
