-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Options of the enumerated properties.
with source as (
    select * from {{ source('hubspot', 'hubspot_property_option') }}
),

renamed as (
    select
        "property_id" as id,
        "hubspot_object",
        "value",
        "name",
        "label",
        "display_order",
        "hidden",
        "_fivetran_synced"
    from source
)

select * from renamed
