-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Property definitions of the enumerated fields used.
with source as (
    select * from {{ source('hubspot', 'hubspot_property') }}
),

renamed as (
    select
        "_fivetran_id",
        "hubspot_object",
        "name",
        "label",
        "type",
        "field_type",
        "description",
        "group_name",
        "calculated",
        "hubspot_defined",
        "show_currency_symbol",
        "created_at",
        "updated_at",
        "_fivetran_synced"
    from source
)

select * from renamed
