-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- The contact who raised each ticket.
with source as (
    select * from {{ source('hubspot', 'hubspot_ticket_contact') }}
),

renamed as (
    select
        "ticket_id",
        "contact_id",
        "category",
        "_fivetran_synced"
    from source
)

select * from renamed
