-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Marketing email events of type PRINT and their details.
with source as (
    select * from {{ source('hubspot', 'hubspot_email_event_print') }}
),

renamed as (
    select
        "id" as email_event_id,
        "browser",
        "ip_address",
        "location",
        "user_agent",
        "_fivetran_synced"
    from source
)

select * from renamed
