-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Marketing email events of type OPEN and their details.
with source as (
    select * from {{ source('hubspot', 'hubspot_email_event_open') }}
),

renamed as (
    select
        "id" as email_event_id,
        "browser",
        "ip_address",
        "location",
        "user_agent",
        "duration",
        "_fivetran_synced"
    from source
)

select * from renamed
