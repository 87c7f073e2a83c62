-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Engagements with the ticket's company while the ticket was open.
with source as (
    select * from {{ source('hubspot', 'hubspot_ticket_engagement') }}
),

renamed as (
    select
        "ticket_id",
        "engagement_id",
        "category",
        "_fivetran_synced"
    from source
)

select * from renamed
