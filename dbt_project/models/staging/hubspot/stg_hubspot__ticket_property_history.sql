-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Ticket property changes: stage, pipeline, priority, owner (history mode).
with source as (
    select * from {{ source('hubspot', 'hubspot_ticket_property_history') }}
),

renamed as (
    select
        "ticket_id",
        "name",
        "value",
        "source",
        "source_id",
        "timestamp_instant",
        "_fivetran_start",
        "_fivetran_end",
        "_fivetran_synced"
    from source
)

select * from renamed
