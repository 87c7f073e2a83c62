-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Contact property changes: lifecycle stage through the funnel, email.
with source as (
    select * from {{ source('hubspot', 'hubspot_contact_property_history') }}
),

renamed as (
    select
        "contact_id",
        "name",
        "value",
        "source",
        "source_id",
        "timestamp",
        "_fivetran_synced"
    from source
)

select * from renamed
