-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- The company each ticket belongs to.
with source as (
    select * from {{ source('hubspot', 'hubspot_ticket_company') }}
),

renamed as (
    select
        "ticket_id",
        "company_id",
        "category",
        "_fivetran_synced"
    from source
)

select * from renamed
