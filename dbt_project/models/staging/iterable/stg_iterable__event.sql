-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Email events: sends, opens, clicks (every email session had a click), unsubscribes.
with source as (
    select * from {{ source('iterable', 'iterable_event') }}
),

renamed as (
    select
        "_fivetran_id",
        "_fivetran_user_id",
        "event_name",
        "email",
        "campaign_id",
        "message_id",
        "message_type_id",
        "message_bus_id",
        "content_id",
        "created_at",
        "url",
        "status",
        "recipient_state",
        "unsub_source",
        "user_agent",
        "user_agent_device",
        "transactional_data",
        "additional_properties",
        "_fivetran_synced"
    from source
)

select * from renamed
