-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Marketing email events of type DROPPED and their details.
with source as (
    select * from {{ source('hubspot', 'hubspot_email_event_dropped') }}
),

renamed as (
    select
        "id" as email_event_id,
        "from",
        "reply_to",
        "cc",
        "bcc",
        "subject",
        "drop_reason",
        "drop_message",
        "_fivetran_synced"
    from source
)

select * from renamed
