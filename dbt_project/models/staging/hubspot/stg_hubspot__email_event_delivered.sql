-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Marketing email events of type DELIVERED and their details.
with source as (
    select * from {{ source('hubspot', 'hubspot_email_event_delivered') }}
),

renamed as (
    select
        "id" as email_event_id,
        "response",
        "smtp_id",
        "_fivetran_synced"
    from source
)

select * from renamed
