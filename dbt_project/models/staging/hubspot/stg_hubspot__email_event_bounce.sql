-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Marketing email events of type BOUNCE and their details.
with source as (
    select * from {{ source('hubspot', 'hubspot_email_event_bounce') }}
),

renamed as (
    select
        "id" as email_event_id,
        "category",
        "response",
        "status",
        "_fivetran_synced"
    from source
)

select * from renamed
