-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Deal to contact associations.
with source as (
    select * from {{ source('hubspot', 'hubspot_deal_contact') }}
),

renamed as (
    select
        "deal_id",
        "contact_id",
        "type_id",
        "_fivetran_synced"
    from source
)

select * from renamed
