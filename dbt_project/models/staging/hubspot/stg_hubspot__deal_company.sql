-- Generated from saas_datagen/registry.py by `saas-datagen dbt-sources`; do not edit.
-- Deal to company associations.
with source as (
    select * from {{ source('hubspot', 'hubspot_deal_company') }}
),

renamed as (
    select
        "deal_id",
        "company_id",
        "type_id",
        "_fivetran_synced"
    from source
)

select * from renamed
